"""The programme overview (建设总览): the programme dashboard and the programme's measured effect.

The top layer of the apps: it reads applications, batches and published evaluation results; nothing imports it.
"""
