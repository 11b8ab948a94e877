"""Size and count caps enforced before an uploaded body is read.

- :class:`UploadLimitMiddleware` refuses a ``multipart/form-data`` POST
  whose declared ``Content-Length`` is over the limit of its path (setting
  ``UPLOAD_LIMITS``, longest prefix wins, else ``UPLOAD_LIMIT_DEFAULT``)
  with a French 413 page, without reading a byte of the body. Otherwise it
  parses the body at once, through the handlers below, so that a refusal is
  a 413 before any view (or the CSRF check) runs; nothing is changed.
- :class:`LimitedUploadHandler` (first of ``FILE_UPLOAD_HANDLERS``) counts
  the file bytes as they stream in and stops the parse past the limit, for
  bodies whose length was not declared (chunked) or not honest.
- Django's own ``DATA_UPLOAD_MAX_NUMBER_FILES`` caps the number of files
  and ``DATA_UPLOAD_MAX_MEMORY_SIZE`` the other fields; both become the same
  413 page here instead of a bare 400.

A view that needs its own upload handlers cannot set them any more (the
body is parsed before the view); none does.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponseBadRequest, QueryDict, UnreadablePostError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict

REFUSED = "_callisto_upload_refused"


def upload_limit_for(path: str) -> int:
    """The largest body, in bytes, a multipart POST to ``path`` may send."""
    limits = getattr(settings, "UPLOAD_LIMITS", {})
    matches = [prefix for prefix in limits if path.startswith(prefix)]
    if matches:
        return limits[max(matches, key=len)]
    return settings.UPLOAD_LIMIT_DEFAULT


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading uploaded files past the path's limit. It passes every
    chunk on to the next handler (memory or temporary file) unchanged."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_limit_for(request.path_info if request else "")
        self.received = 0

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, REFUSED, "size")

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limit:
            self._refuse()
            # "Handled": an empty POST, and the body is never read.
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
            # The parser closes (and so deletes) the partial files.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_large_response(request, *, reason: str, limit: int | None = None):
    """The French 413 page: what was refused and that nothing was saved."""
    return render(
        request,
        "413.html",
        {
            "reason": reason,
            "max_size": filesizeformat(limit) if limit else "",
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            # Same-site path only ("//host/..." would leave the site).
            "back_url": "/" + request.path.lstrip("/"),
        },
        status=413,
    )


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            limit = upload_limit_for(request.path_info)
            if _declared_length(request) > limit:
                return too_large_response(request, reason="size", limit=limit)
            try:
                request.FILES  # noqa: B018 -- parse now, through LimitedUploadHandler
            except TooManyFilesSent:
                return too_large_response(request, reason="count")
            except UnreadablePostError:
                # The client went away mid-upload: nobody reads this answer,
                # but it must not be logged as a server error.
                return HttpResponseBadRequest()
            except RequestDataTooBig:
                return too_large_response(
                    request, reason="fields", limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                )
            if getattr(request, REFUSED, None):
                for upload in request.FILES.values():
                    upload.close()
                return too_large_response(request, reason="size", limit=limit)
        return self.get_response(request)
