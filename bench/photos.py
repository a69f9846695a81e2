"""Benchmark of the photo pipeline: from the uploaded bytes to the last rendition.

Run from the project root:

    DJANGO_SETTINGS_MODULE=kim_portal.settings .venv/bin/python bench/photos.py [--repeat 5]

It makes phone-like JPEGs (12 MP 4000 × 3000, 48 MP 8000 × 6000, 60 MP 8944 × 6708: gradients,
blotches and sensor-like noise, stored sideways with EXIF orientation 6 as a phone held upright
does), then runs the real pipeline on each, `--repeat` times:

    decode      open_image(file, max_side=MASTER_MAX_SIDE)      ImageFormField.to_python, step 1
    normalize   normalize_image(img, max_side=MASTER_MAX_SIDE)  ImageFormField.to_python, step 2
    master      encode_jpeg(master_image(upload))               photo_create
    renditions  decode_master + encode_renditions               the make_renditions task

and prints the median seconds of every stage and of the total (wall clock, and CPU time, which
a busy machine changes less), and the peak memory. Storage writes and the two database queries
are left out (a few milliseconds). Every case runs in a process of its own, so the peak
resident memory (VmHWM) is that case's alone; "over start" is the peak less the process's size
once it has the file's bytes in hand. A progressive JPEG, a PNG, a WebP and a HEIC at 60 MP are
measured once each, for memory: the last three cannot be decoded at reduced scale, and a
progressive JPEG makes libjpeg hold all of its coefficients. The files are made once and kept
in the temporary directory (`kim-bench-photos/`; the HEIC takes ~15 s to make).

Results go to bench/results/photos.json. The exit status is non-zero only when the pipeline
fails, never on slowness; compare figures with a run of the old code on the same machine and
at the same load, not with another machine.
"""

import argparse
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")

import django  # noqa: E402

django.setup()

from PIL import ExifTags, Image, ImageChops, ImageOps  # noqa: E402

from kim_portal.images import MASTER_MAX_SIDE, encode_jpeg, normalize_image, open_image  # noqa: E402
from kim_portal.photos import decode_master, encode_renditions, master_image  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_12MP_SECONDS = 1.5
STAGES = ("decode", "normalize", "master", "renditions")

# name: (width, height, format, noise level, quality, repeats or None for --repeat, extra)
CASES = {
    "12 MP JPEG": (4000, 3000, "JPEG", 16, 92, None, {}),
    "48 MP JPEG": (8000, 6000, "JPEG", 10, 88, None, {}),
    "60 MP JPEG": (8944, 6708, "JPEG", 8, 88, None, {}),
    "60 MP progressive JPEG": (8944, 6708, "JPEG", 8, 88, 1, {"progressive": True}),
    "60 MP PNG": (8944, 6708, "PNG", 0, None, 1, {}),
    "60 MP WebP": (8944, 6708, "WEBP", 2, 70, 1, {"method": 0}),
    "60 MP HEIC": (8944, 6708, "HEIF", 2, 50, 1, {"enc_params": {"preset": "ultrafast"}}),
}


def phone_like(width: int, height: int, noise: float, *, seed: int = 13) -> Image.Image:
    """Smooth colour fields, mid-sized blotches and per-pixel noise: encoders do real work on
    it, as on a photo, and it takes a second or two to make, unlike real noise from urandom."""
    rnd = random.Random(seed)

    def blown_up(w: int, h: int, resample) -> Image.Image:
        return Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3)).resize(
            (width, height), resample
        )

    img = Image.blend(
        blown_up(16, 12, Image.Resampling.BICUBIC),
        blown_up(max(1, width // 40), max(1, height // 40), Image.Resampling.BILINEAR),
        0.35,
    )
    if noise:
        grain = Image.effect_noise((width, height), noise)
        grains = [
            grain,
            grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            grain.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ]
        img = ImageChops.add(img, Image.merge("RGB", grains), offset=-128)
    return img


def make_file(name: str, folder: Path) -> Path:
    width, height, fmt, noise, quality, _, extra = CASES[name]
    stem = f"{name.replace(' ', '_')}-{width}x{height}-{noise}-{quality}"
    path = folder / f"{stem}.{fmt.lower()}"
    if path.exists():
        return path
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Bench"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    params = {"exif": exif, **extra}
    if quality is not None:
        params["quality"] = quality
    img = phone_like(width, height, noise)
    if fmt == "PNG":
        # A PNG is a screenshot or an infographic: few colours (and a 60 MP photo as PNG
        # would be far over MAX_IMAGE_BYTES).
        img = ImageOps.posterize(img, 2)
    img.save(path, fmt, **params)
    return path


def memory_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Linux: make VmHWM start again from the current resident size."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def run_case(path: Path, repeat: int) -> dict:
    """In a child process: the pipeline `repeat` times on the file at `path`."""
    data = path.read_bytes()
    reset_peak()
    start_mb = memory_mb("VmRSS")
    rows = []
    for _ in range(repeat):
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        img = open_image(io.BytesIO(data), max_side=MASTER_MAX_SIDE)
        source_size = img.size
        t1 = time.perf_counter()
        img = normalize_image(img, max_side=MASTER_MAX_SIDE)
        t2 = time.perf_counter()
        # What photo_create does with an upload ImageFormField has cleaned.
        master = encode_jpeg(master_image(SimpleNamespace(image=img)))
        t3 = time.perf_counter()
        renditions = encode_renditions(decode_master(master))
        t4 = time.perf_counter()
        times = dict(zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True))
        times["total"] = t4 - t0
        times["cpu"] = time.process_time() - cpu0  # less sensitive to the machine's load
        rows.append(times)
        del img
    peak_mb = memory_mb("VmHWM")
    return {
        "file_mb": round(len(data) / 1_000_000, 2),
        "decoded_size": list(source_size),
        "master_size": list(decode_master(master).size),
        "master_kb": round(len(master) / 1024),
        "renditions_kb": {
            str(width): {kind: round(len(blob) / 1024) for kind, blob in files.items()}
            for width, files in sorted(renditions.items())
        },
        "repeat": repeat,
        "median_s": {key: round(statistics.median(row[key] for row in rows), 3) for key in rows[0]},
        "peak_rss_mb": round(peak_mb, 1) if peak_mb else None,
        "start_rss_mb": round(start_mb, 1) if start_mb else None,
        "peak_over_start_mb": round(peak_mb - start_mb, 1) if peak_mb and start_mb else None,
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--case", choices=CASES, action="append", help="only these cases")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        json.dump(run_case(args.child, args.repeat), sys.stdout)
        return

    folder = Path(tempfile.gettempdir()) / "kim-bench-photos"
    folder.mkdir(exist_ok=True)
    results = {}
    print(
        f"Photo pipeline, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"
    )
    header = f"{'case':24} {'MB':>5} " + " ".join(f"{s:>10}" for s in STAGES)
    print(header + f" {'total s':>8} {'cpu s':>6} {'peak MB':>8} {'over start':>10}")
    print("-" * (len(header) + 36))
    for name in args.case or CASES:
        repeat = CASES[name][5] or args.repeat
        path = make_file(name, folder)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(path), "--repeat", str(repeat)],
            capture_output=True,
            text=True,
        )
        if child.returncode:
            sys.exit(f"{name}: the pipeline failed\n{child.stderr}")
        result = results[name] = json.loads(child.stdout)
        median = result["median_s"]
        print(
            f"{name:24} {result['file_mb']:5.1f} "
            + " ".join(f"{median[stage]:10.3f}" for stage in STAGES)
            + f" {median['total']:8.3f} {median['cpu']:6.3f} {result['peak_rss_mb'] or 0:8.0f}"
            f" {result['peak_over_start_mb'] or 0:10.0f}"
        )
    print(
        f"median of {args.repeat} runs (the memory-only cases: 1); seconds of wall clock, and of"
        f" CPU; peak: VmHWM of the process; load average at end"
        f" {os.getloadavg()[0]:.1f}"
    )
    if "12 MP JPEG" in results:
        total = results["12 MP JPEG"]["median_s"]["total"]
        verdict = "met" if total <= TARGET_12MP_SECONDS else "not met"
        print(
            f"12 MP to the last rendition: {total:.2f} s (target {TARGET_12MP_SECONDS} s: {verdict})"
        )
    RESULTS.mkdir(exist_ok=True)
    summary = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_end": round(os.getloadavg()[0], 2),
            "python": platform.python_version(),
            "pillow": Image.__version__,
        },
        "master_max_side": MASTER_MAX_SIDE,
        "target_12mp_s": TARGET_12MP_SECONDS,
        "cases": results,
    }
    (RESULTS / "photos.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written: {(RESULTS / 'photos.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
