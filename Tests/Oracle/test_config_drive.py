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


ALICE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMV8i5dgbVvQ6jbEY+iI1vFaGVGEOEJVFTcFW+fF+/ES alice@example"
IMAGE_KEY = ('from="10.0.0.0/8" ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHII0x20ixJUxL'
             'LoPWY/pDV10GVMyuRfaPW/6bRLiOtbGbtus+HM9y9u2oNtmP2njUUpHEc/It5CTv3nMgnriH0= image\n')


def boot_keys(tmp_path, image_keys):
    """`boot` on a tree whose drive has Nova's meta_data.json (Tests/Fixtures/openstack), root's
    home /root holding `image_keys` (None: no authorized_keys)."""
    root = tmp_path / "root"
    fake_cloud_init(root)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "root").mkdir(mode=0o700)
    if image_keys is not None:
        (root / "root/.ssh").mkdir(mode=0o700)
        (root / "root/.ssh/authorized_keys").write_text(image_keys)
    disc = root / "disc"
    (disc / "qcloud_action").mkdir(parents=True)
    (disc / "qcloud_action" / "os.conf").write_text((FIXTURES / "qcloud_action" / "os.conf").read_text())
    (disc / "openstack" / "latest").mkdir(parents=True)
    (disc / "openstack/latest/meta_data.json").write_bytes((FIXTURES / "openstack" / "meta_data.json").read_bytes())
    result = subprocess.run(
        [str(BINARY), "boot", "--root", str(root), "--os-conf", "/disc/qcloud_action/os.conf"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("version", ["20.4", "22.4", "25.1"])
@pytest.mark.parametrize("image_keys", [None, IMAGE_KEY], ids=["no-file", "image-file"])
def test_public_keys_reach_root(version, image_keys, tmp_path):
    """cloud-init's own code gives root the drive's key as a plain line (no `command=` prefix
    that refuses the login), after the image's lines; `clean` then takes out exactly that line."""
    root = boot_keys(tmp_path, image_keys)
    env = None if version == "22.4" else release_env(version)
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, str(HERE / "ssh_keys_reader.py"), str(root / "var/lib/cloud/seed/nocloud"), str(work),
         str(root)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"cloud-init {version}:\n{result.stdout}\n{result.stderr}"
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["keys"] == [ALICE]
    assert seen["disable_root"] is False
    assert seen["authorized_keys"] == (image_keys or "") + ALICE + "\n"
    keys_file = root / "root/.ssh/authorized_keys"
    if image_keys is None:
        assert keys_file.stat().st_mode & 0o777 == 0o600  # an image's own file keeps its mode from 22.x on

    cleaned = subprocess.run([str(BINARY), "clean", "--root", str(root)], capture_output=True, text=True)
    assert cleaned.returncode == 0, cleaned.stderr
    if image_keys is None:
        assert not (root / "root/.ssh").exists()
    else:
        assert keys_file.read_text() == image_keys


@pytest.mark.parametrize("version", ["20.4", "22.4", "25.1"])
def test_without_disable_root_root_is_refused(version, tmp_path):
    """The control: the same seed without our `disable_root: false` gets the key prefixed with
    cloud-init's refusal (`command="echo 'Please login as the user ..."`), so the user-data key
    is what lets root in."""
    root = boot_keys(tmp_path, None)
    seed = root / "var/lib/cloud/seed/nocloud"
    user_data = seed / "user-data"
    user_data.write_text(user_data.read_text().replace("disable_root: false\n", ""))
    env = None if version == "22.4" else release_env(version)
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, str(HERE / "ssh_keys_reader.py"), str(seed), str(work), str(root)],
        env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"cloud-init {version}:\n{result.stdout}\n{result.stderr}"
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["disable_root"] is True
    line = seen["authorized_keys"].strip()
    assert line.endswith(ALICE) and "command=" in line and "Please login as the user" in line
