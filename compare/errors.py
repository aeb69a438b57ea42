"""Domain exceptions. The CLI turns each into a one-line error and exit code 2."""

from __future__ import annotations


class CompareError(Exception):
    """Base class: something about the user's input or environment stops the comparison."""


class CorpusError(CompareError):
    """The corpus folder is missing, empty, or holds no readable document."""


class DocumentError(CompareError):
    """One document cannot be read or parsed; the message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ModelError(CompareError):
    """The embedding model cannot be found or loaded."""


class OutputError(CompareError):
    """The report folder cannot be written."""


class CacheError(CompareError):
    """The embedding cache folder cannot be created or used."""


class GoldError(CompareError):
    """A gold alignment file is malformed or does not match the corpus."""


class CalibrationError(CompareError):
    """A calibration or labelled-pairs file is malformed."""


class ConfigError(CompareError):
    """A configuration file or rule setting is invalid."""
