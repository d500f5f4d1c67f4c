"""Prefect flows: wiring only; every task calls one function of ``briefing``."""
