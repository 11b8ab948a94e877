"""Helpers for reading responses in tests."""


def close_stream(response) -> None:
    """Close a streamed file without the request_finished signal that
    ``response.close()`` would send: that signal touches the test's database
    connection, which a test without database access may not do, and closes
    it under a test that has one."""
    for closer in getattr(response, "_resource_closers", []):
        closer()
    if hasattr(response, "_resource_closers"):
        response._resource_closers.clear()
