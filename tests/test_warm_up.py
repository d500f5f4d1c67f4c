"""What `briefing run` loads while Prefect's temporary API boots."""

import json
import subprocess
import sys

from conftest import PROJECT

PROBE = """
import json, sys
from briefing.extract import extractor
from briefing.settings import load_settings
from briefing.warm_up import load_stage_modules
settings = load_settings()
before = "segmenter" in extractor(settings.config_dir).tokenizer.__dict__, "weasyprint" in sys.modules
load_stage_modules(settings)
after = "segmenter" in extractor(settings.config_dir).tokenizer.__dict__, "weasyprint" in sys.modules
print(json.dumps({"before": before, "after": after, "datasketch": "datasketch" in sys.modules}))
"""


def test_the_later_stages_dictionary_and_modules_are_loaded_in_a_fresh_process():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT, capture_output=True, text=True,
                            check=True, timeout=120)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {"before": [False, False], "after": [True, True], "datasketch": True}
