"""The store: an embedded database of documents, goals, measures, runs and quarantine, in parts.

``migrations`` (the schema), ``database`` (the connection), ``ledger`` (runs), ``writes`` (documents and
what hangs on them), ``views`` (reads as declared frames) and ``seam``, the one module the run and the
command line go through.
"""
