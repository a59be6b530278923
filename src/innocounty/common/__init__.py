"""Pieces shared by several apps (file-type checks, API errors and pagination, labels, admin helpers).

Nothing here imports a feature app: apps import ``innocounty.common``, never the other way round.
"""
