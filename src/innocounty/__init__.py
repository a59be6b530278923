"""innocounty: the Innovative County (City) programme platform."""

__version__ = "0.1.0"
