"""aidcli: query the medical aid that flowed to and from China in early 2020."""

__version__ = "0.1.0"
