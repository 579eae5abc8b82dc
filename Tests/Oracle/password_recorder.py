"""Applies a seed's user-data password settings with one cloud-init release's own code and
prints, as JSON, what would have been run: every command it runs itself (arguments and
stdin: `chpasswd`, and whatever else the release runs there) and every `usermod` that the
seed's `runcmd` runs.

Nothing is changed on this machine: cloud-init's `subp` is replaced by a recorder, and the
runcmd script (made by that release's own `util.shellify`, as cc_runcmd makes it) runs under
`sh` with a `usermod` on PATH that only records its arguments. `ssh_pwauth` is left out: it
edits sshd_config. Used as `python3 password_recorder.py USER_DATA` with PYTHONPATH pointing at
the release (test_old_cloudinit.py).
"""
import inspect
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from cloudinit import distros, helpers, subp, util
from cloudinit.config import cc_set_passwords

calls = []


def record(args, data=None, *rest, **kwargs):
    calls.append({"args": list(args), "data": data if data is not None else kwargs.get("data")})
    return ("", "")


class Cloud:
    def __init__(self, distro):
        self.distro = distro


def main(user_data_path):
    config = yaml.safe_load(Path(user_data_path).read_text())
    config.pop("ssh_pwauth", None)
    subp.subp = record
    if hasattr(util, "subp"):
        util.subp = record
    with tempfile.TemporaryDirectory() as work:
        paths = helpers.Paths({"cloud_dir": work, "run_dir": work})
        distro = distros.fetch("debian")("debian", {}, paths)
        cloud = Cloud(distro)
        import logging
        log = logging.getLogger("recorder")
        # handle(name, cfg, cloud, log, args) up to 24.x; handle(name, cfg, cloud, args) after.
        if len(inspect.signature(cc_set_passwords.handle).parameters) == 5:
            cc_set_passwords.handle("set_passwords", config, cloud, log, [])
        else:
            cc_set_passwords.handle("set_passwords", config, cloud, [])
        usermod = []
        if "runcmd" in config:
            bin_dir = Path(work) / "bin"
            bin_dir.mkdir()
            out = Path(work) / "usermod.json"
            fake = bin_dir / "usermod"
            fake.write_text(
                "#!/usr/bin/python3\nimport json, sys\n"
                f"open({str(out)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n")
            fake.chmod(0o755)
            script = Path(work) / "runcmd"
            script.write_text(util.shellify(config["runcmd"]))
            env = {**os.environ, "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
            subprocess.run(["sh", str(script)], env=env, check=True)
            usermod = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    print(json.dumps({"calls": calls, "usermod": usermod}))


if __name__ == "__main__":
    main(sys.argv[1])
