"""The course studio: producers write and arrange their courses in the site
(outline, every kind of activity, revisions, preview as a candidate)."""
