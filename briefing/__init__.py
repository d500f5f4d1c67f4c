"""policy-briefing: follow Chinese regional digital-economy policy.

The package is plain typed Python: ingest, extract, store, compare, report and deliver. Orchestration
(Prefect) lives in ``flows/`` and only wires these functions together.
"""

__version__ = "0.1.0"
