"""The config drive's user data reaches cloud-init with ours: `osconf2seed boot` on a tree whose
Tencent os.conf has `openstack/latest/user_data` beside it, and the seed's user-data read by
cloud-init's own user-data processing of 20.4 and 25.1 (unpacked, see test_other_releases.py)
and 22.4 (the system's): the customer's part comes out with its own type and text, ours as
cloud-config, and where both set the same key ours wins.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BINARY, FIXTURES, fake_cloud_init
from test_other_releases import release_env

HERE = Path(__file__).resolve().parent
HASH = "$6$Tc9sQx2LmPq7$6ekGw5y0hqEBNu9vgJH0FbmXNVAsXI00MhzdeMOS3xJikSxGux1eNFOQdUtwjsO2LzUlZKm4unMG8.1XLLwOu/"
SCRIPT = "#!/bin/sh\necho customer > /run/customer\n"
CLOUD_CONFIG = "#cloud-config\nhostname: customer-name\npackages: [htop]\n"
MIME = ("Content-Type: multipart/mixed; boundary=\"XYZ\"\nMIME-Version: 1.0\n\n--XYZ\n"
        "Content-Type: text/x-shellscript\n\n" + SCRIPT + "--XYZ\n"
        "Content-Type: text/cloud-config\n\n" + CLOUD_CONFIG + "--XYZ--\n")


def boot_seed(tmp_path, user_data):
    root = tmp_path / "root"
    fake_cloud_init(root)
    disc = root / "disc"
    (disc / "qcloud_action").mkdir(parents=True)
    conf = (FIXTURES / "qcloud_action" / "os.conf").read_text().replace("GRSgae1fw9frsG.rfrF", HASH)
    (disc / "qcloud_action" / "os.conf").write_text(conf)
    (disc / "openstack" / "latest").mkdir(parents=True)
    (disc / "openstack" / "latest" / "user_data").write_text(user_data)
    result = subprocess.run(
        [str(BINARY), "boot", "--root", str(root), "--os-conf", "/disc/qcloud_action/os.conf"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "var/lib/cloud/seed/nocloud/user-data"


def read(version, user_data, work_dir):
    env = None if version == "22.4" else release_env(version)
    result = subprocess.run(
        [sys.executable, str(HERE / "user_data_reader.py"), str(user_data), str(work_dir)],
        env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"cloud-init {version}:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("version", ["20.4", "22.4", "25.1"])
@pytest.mark.parametrize("kind,customer,want", [
    ("script", SCRIPT, [["text/x-shellscript", SCRIPT]]),
    ("cloud-config", CLOUD_CONFIG, [["text/cloud-config", CLOUD_CONFIG]]),
    ("multipart", MIME, [["text/x-shellscript", SCRIPT], ["text/cloud-config", CLOUD_CONFIG]]),
])
def test_both_parts(version, kind, customer, want, tmp_path):
    seen = read(version, boot_seed(tmp_path, customer), tmp_path)
    parts = seen["parts"]
    alone = tmp_path / "customer-alone"
    alone.write_text(customer)
    # Each part as cloud-init reads the customer's data alone (a MIME part ends before the
    # line break that precedes its boundary, RFC 2046).
    assert parts[:-1] == read(version, alone, tmp_path)["parts"]
    assert [part[0] for part in parts[:-1]] == [part[0] for part in want]
    assert [part[1].rstrip("\n") for part in parts[:-1]] == [part[1].rstrip("\n") for part in want]
    ours_type, ours = parts[-1]
    assert ours_type == "text/cloud-config" and ours.startswith("#cloud-config\n") and HASH in ours
    config = seen["cloud_config"]
    # Ours wins where both set a key; the customer's other keys stay.
    assert config["hostname"] == "VM-10-20-xxxx"
    assert config["chpasswd"]["users"][0]["password"] == HASH
    if kind != "script":
        assert config["packages"] == ["htop"]
