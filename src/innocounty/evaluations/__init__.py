"""Evaluation runs (评价运行): the index engine run on a year's monitoring data, with stored, immutable results.

Other apps read results through :mod:`innocounty.evaluations.queries`.
"""
