"""Front-end packages from npm, served file by file.

``STATIC_VENDOR_FILES`` maps a static path (``vendor/bootstrap/css/...``) to a
file under ``node_modules``; each file's source map comes with it. Only the
files the pages load are collected and served: the packages' other builds
(ESM, CommonJS, RTL, coverage) stay out of the image and of collectstatic,
which hashes and compresses every file it is given."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class VendorFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.files: dict[str, Path] = {}
        for path, source in settings.STATIC_VENDOR_FILES.items():
            source = Path(source)
            self.files[path] = source
            source_map = source.with_name(source.name + ".map")
            if source_map.exists():
                self.files[path + ".map"] = source_map
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return [
            Error(f"{source} is missing: run the setup (npm ci).", id="core.E001")
            for source in self.files.values()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        source = self.files.get(path)
        if source is None or not source.is_file():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for path, source in self.files.items():
            if source.is_file() and not utils.matches_patterns(path, ignore_patterns or []):
                storage = FileSystemStorage(location=str(source.parent))
                storage.prefix = str(Path(path).parent)
                yield source.name, storage
