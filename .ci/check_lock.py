"""Fail when a lock (requirements.txt, requirements-dev.txt) is out of date with its .in file.

The locks are written by `make lock` (pip-compile --generate-hashes). This check needs no
network: every requirement of an .in file must be pinned in its lock at a version the .in
allows, every pin must carry hashes, a package the .in no longer names must not stay in the
lock as its direct requirement, and both locks must agree on shared packages.
"""

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.txt": ["requirements.in"], "requirements-dev.txt": ["requirements-dev.in"]}
# pip-compile's "# via" names the .in file that asks for a package directly.
DIRECT = ("-r requirements.in", "-r requirements-dev.in")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def read_in(name, seen=None):
    """The requirements of an .in file, following its -r includes."""
    seen = seen if seen is not None else set()
    if name in seen:
        return {}
    seen.add(name)
    requirements = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-c"):
            continue
        if line.startswith("-r"):
            requirements.update(read_in(line[2:].strip(), seen))
            continue
        requirement = Requirement(line)
        requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def read_lock(name):
    """{package: (version, block of text)} of a pip-compile lock."""
    pins, current = {}, None
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = [match.group(2), line + "\n"]
        elif current and line.startswith((" ", "\t")):
            pins[current][1] += line + "\n"
        else:
            current = None
    return {package: tuple(value) for package, value in pins.items()}


def problems():
    found = []
    locks = {}
    for lock, sources in LOCKS.items():
        pins = locks[lock] = read_lock(lock)
        wanted = {}
        for source in sources:
            wanted.update(read_in(source))
        for package, requirement in wanted.items():
            if package not in pins:
                found.append(f"{lock}: {requirement} is not in the lock")
            elif not requirement.specifier.contains(pins[package][0], prereleases=True):
                found.append(f"{lock}: {package}=={pins[package][0]} does not meet {requirement}")
        for package, (version, block) in pins.items():
            if "--hash=sha256:" not in block:
                found.append(f"{lock}: {package}=={version} has no hash")
            if any(marker in block for marker in DIRECT) and package not in wanted:
                found.append(f"{lock}: {package} is no longer required by {', '.join(sources)}")
    production, development = locks["requirements.txt"], locks["requirements-dev.txt"]
    for package, (version, _block) in production.items():
        if package in development and development[package][0] != version:
            found.append(
                f"{package} is {version} in requirements.txt "
                f"but {development[package][0]} in requirements-dev.txt"
            )
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        sys.exit("The locks are out of date with the .in files: run `make lock` and commit.")
    print("requirements.txt and requirements-dev.txt match their .in files.")
