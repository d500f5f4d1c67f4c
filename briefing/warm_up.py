"""What the later stages load before their first record, loaded while Prefect's temporary API boots.

The temporary API answers about eight seconds after `briefing run` starts it, on one core; this process
needs three of them to import Prefect and the flow and would wait out the rest on the other core. It
loads instead what the later stages would otherwise load on the run's clock: jieba's dictionary for the
comparison (1.5 s), the comparison's modules, datasketch for the store stage, WeasyPrint. The document
workers are not started here: tried, three busy processes on two cores slowed the API's start by as much
as they saved the extraction.
"""

from __future__ import annotations

from briefing.settings import Settings


def load_stage_modules(settings: Settings) -> None:
    import datasketch  # noqa: F401 (the store stage's near-duplicate index; it imports SciPy)

    import briefing.compare  # noqa: F401
    import briefing.report.render  # noqa: F401 (WeasyPrint)
    from briefing.extract import extractor

    extractor(settings.config_dir).tokenizer.segmenter  # noqa: B018 (the property loads the dictionary)
