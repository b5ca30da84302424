"""takediff's web app: a page to paste accounts and read the report, a JSON API, a history.

Needs the ``web`` extra (``pip install "takediff[web]"``). ``takediff serve`` runs it.
"""

from __future__ import annotations

from takediff.web.app import create_app
from takediff.web.settings import Settings

__all__ = ["Settings", "create_app"]
