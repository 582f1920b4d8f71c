"""A recipe that tries to read what is not its own: the escape check.

Shipped as a developer's own code (`awrecipe -mycode examples/escape-check -task Bias DIR...`)
in place of the pipeline's Bias, as a hostile user would. It walks every DIR given, the
directories above its own, and /proc/*/environ, and tries to read every file there; it tries
to write into its bundle, the node's base code and every --no-write DIR (the bundle cache).
Reading its own job's files (under its working directory) and the code it is given (the
entries of PYTHONPATH: its bundle, the node's base code) is fine and expected.

It must still read its inputs (--input PATH), its Environment.cfg, its bundle and the base code
(the entries of PYTHONPATH), and it writes escape-report.json as an output.

Exit 0: nothing outside its own job was read or written and everything it needs was readable.
Exit 2: it escaped (each file is printed). Exit 3: something it needs was not readable.
"""
import json
import os
import sys

MAX_FILES = 200_000


def readable(path):
    try:
        with open(path, "rb") as f:
            f.read(1)
        return True
    except OSError:
        return False


def inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


def walk_reads(top, allowed):
    """Files under top (not following links) read, other than the job's own and the code it is given."""
    found, seen = [], 0
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        for name in filenames:
            seen += 1
            if seen > MAX_FILES:
                return found
            path = os.path.join(dirpath, name)
            if not any(inside(path, root) for root in allowed) and not os.path.islink(path) and readable(path):
                found.append(path)
    return found


def foreign_environs():
    """/proc/<pid>/environ readable and holding something this process's environment does not."""
    mine = {f"{k}={v}".encode() for k, v in os.environ.items()}
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                entries = [e for e in f.read().split(b"\0") if e]
        except OSError:
            continue
        if any(e not in mine for e in entries):
            found.append(f"/proc/{pid}/environ")
    return found


def try_write(directory):
    probe = os.path.join(directory, ".escape-check-write")
    try:
        with open(probe, "w") as f:
            f.write("written from a recipe\n")
        os.remove(probe)
        return True
    except OSError:
        return False


def main(argv):
    targets, inputs, no_write = [], [], []
    args = iter(argv)
    for arg in args:
        if arg == "--input":
            inputs.append(next(args))
        elif arg == "--no-write":
            no_write.append(next(args))
        else:
            targets.append(arg)

    own = os.getcwd()
    code = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    bundle = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    needed = {
        "Environment.cfg": os.path.join(os.environ["HOME"], ".awe", "Environment.cfg"),
        "bundle": os.path.abspath(__file__),
        **{f"input {p}": os.path.join(own, p) for p in inputs},
    }
    # The base code: any file of each PYTHONPATH entry that is not the bundle.
    for entry in code:
        if inside(entry, bundle):
            continue
        for dirpath, _, filenames in os.walk(entry):
            if filenames:
                needed[f"base code {entry}"] = os.path.join(dirpath, filenames[0])
                break
    missing = sorted(what for what, path in needed.items() if not readable(path))

    escapes = []
    parents = [os.path.dirname(own), os.path.dirname(os.path.dirname(own))]
    for top in [*targets, *parents]:
        escapes += walk_reads(top, [own, *code])
    escapes += foreign_environs()
    writes = [d for d in [bundle, *[e for e in code if not inside(e, bundle)], *no_write] if try_write(d)]
    try:
        with open(os.path.abspath(__file__), "a"):
            writes.append(os.path.abspath(__file__))
    except OSError:
        pass

    report = {"escapes": sorted(set(escapes)), "writes": writes, "missing": missing, "needed": sorted(needed)}
    with open(os.path.join(os.environ["AWE_OUTPUT_DIR"], "escape-report.json"), "w") as out:
        json.dump(report, out, indent=1)
    for path in report["escapes"]:
        print("READ", path)
    for path in writes:
        print("WROTE", path)
    for what in missing:
        print("CANNOT READ", what)
    if escapes or writes:
        print(f"ESCAPED: read {len(report['escapes'])} files and wrote into {len(writes)} places that are not this job's")
        return 2
    if missing:
        print("BROKEN: the recipe cannot read what it needs")
        return 3
    print(f"ISOLATED: read nothing outside its own job, checked {len(needed)} files it needs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
