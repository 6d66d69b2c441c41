"""The ``factsheet`` ProperDocs plugin: the hooks of :mod:`generator.sites.family` on ProperDocs' ``BasePlugin``."""

from __future__ import annotations

from properdocs.commands.build import build
from properdocs.config import base, load_config
from properdocs.config import config_options as opt
from properdocs.exceptions import PluginError, ProperDocsException
from properdocs.plugins import BasePlugin
from properdocs.structure.files import File

from generator.sites import family

FactsheetConfig = family.options(opt, base)

ENGINE = family.Engine("ProperDocs", "properdocs", load_config, build, ProperDocsException, PluginError, File.generated)


class FactsheetPlugin(family.Hooks, BasePlugin):  # type: ignore[type-arg, no-untyped-call]
    """Validates the content, adds each published sheet and the index as a page, and scans the result."""

    config_class = FactsheetConfig
    engine = ENGINE
