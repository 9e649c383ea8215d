"""aidcli's version, in a module of its own: the package root, the cache's stamp and --version
read it without loading anything else."""

__version__ = "0.2.0"
