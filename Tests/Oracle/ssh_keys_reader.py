"""What a cloud-init release does with the SSH keys of a seed `osconf2seed boot` wrote, for root
of the image under ROOT: its NoCloud datasource reads meta-data's `public-keys`
(`get_public_ssh_keys`), its user-data processing and cloud-config merging give the
`disable_root` that wins over the release's own /etc/cloud/cloud.cfg (Debian's: true), and
cc_ssh's `apply_credentials` writes root's authorized_keys with ssh_util, as at boot. Prints one
JSON line: the keys, `disable_root`, and root's authorized_keys afterwards.

Only the paths are pointed into the tree: `pwd.getpwnam("root")` answers with ROOT/root as the
home (the image's /etc/passwd says /root), and the sshd_config read is ROOT's. The default
user's keys are not written (the user does not exist here): user=None, as cc_ssh passes when
cloud.cfg names none.

usage: ssh_keys_reader.py SEED_DIR WORK_DIR ROOT   (run with the release's tree on PYTHONPATH)
"""
import json
import pwd
import sys
from pathlib import Path

import cloudinit
from cloudinit import ssh_util, util
from cloudinit.config import cc_ssh

from seed_reader import load_seed
from user_data_reader import read


def main(seed_dir, work_dir, root):
    datasource = load_seed(seed_dir, work_dir)
    keys = datasource.get_public_ssh_keys()
    user_config = read(str(Path(seed_dir) / "user-data"), work_dir)["cloud_config"]
    release_root = Path(cloudinit.__file__).resolve().parents[5]
    system_config = util.read_conf(str(release_root / "etc/cloud/cloud.cfg"))
    # cloud-init's own merge: user-data's cloud-config over the system's configuration.
    config = util.mergemanydict([user_config, system_config])
    disable_root = util.get_cfg_option_bool(config, "disable_root", True)
    disable_root_opts = util.get_cfg_option_str(config, "disable_root_opts", ssh_util.DISABLE_USER_OPTS)

    real_getpwnam = pwd.getpwnam

    def getpwnam(name):
        entry = real_getpwnam(name)
        if name != "root":
            return entry
        return pwd.struct_passwd((entry.pw_name, entry.pw_passwd, 0, 0, entry.pw_gecos, str(Path(root) / "root"),
                                  entry.pw_shell))

    ssh_util.pwd.getpwnam = getpwnam
    real_parse = ssh_util.parse_ssh_config_map
    ssh_util.parse_ssh_config_map = lambda fname: real_parse(str(Path(root) / fname.lstrip("/")))
    cc_ssh.apply_credentials(keys, None, disable_root, disable_root_opts)
    authorized = Path(root) / "root/.ssh/authorized_keys"
    print(json.dumps({"keys": keys, "disable_root": disable_root, "authorized_keys": authorized.read_text()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
