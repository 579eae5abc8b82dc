"""The release artifacts of contrib/release.sh, checked by the programs that consume them:
dpkg (installing the .deb into a scratch tree with `dpkg --root`, chrootless and chrooted,
upgrading, removing, purging), rpm (querying the .rpm, installing and erasing it with
`rpm --root`), tar, sha256sum, lintian, rpmlint and mandoc; and the man page against the
binary's own --help, so that the two cannot drift.

OSCONF2SEED_DIST names the directory release.sh wrote (Tests/run.sh sets it); without it the
suite runs release.sh itself into a temporary directory.
"""
import gzip
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, run
from test_install import debian_tree, snapshot

MAN_PAGE = ROOT / "contrib" / "man" / "osconf2seed.8"
VERSION = re.search(r'static let number = "([0-9.]+)"',
                    (ROOT / "Sources/OSConfKit/CLI/ToolVersion.swift").read_text()).group(1)
# Each architecture's names: the machine (tarball, RPM), Debian's name, readelf's name, and the
# command prefix that runs its binary here (the aarch64 one under qemu-user).
ARCHES = {
    "x86_64": ("amd64", "Advanced Micro Devices X86-64", []),
    "aarch64": ("arm64", "AArch64", ["qemu-aarch64-static"]),
}
COMMANDS = ["convert", "validate", "boot", "install", "uninstall", "clean", "check"]
# What the scriptlets run inside a chrooted tree: a shell and the programs the scripts call.
CHROOT_PROGRAMS = ["/bin/dash", "/bin/rm", "/usr/bin/sort", "/usr/bin/cut"]


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    given = os.environ.get("OSCONF2SEED_DIST")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    run(["bash", ROOT / "contrib/release.sh", out])
    return out


@pytest.fixture(scope="session")
def deb(dist):
    return dist / f"osconf2seed_{VERSION}_amd64.deb"


@pytest.fixture(scope="session")
def rpm_file(dist):
    return dist / f"osconf2seed-{VERSION}-1.x86_64.rpm"


@pytest.fixture(scope="session")
def packaged_binary(deb, tmp_path_factory):
    out = tmp_path_factory.mktemp("deb-contents")
    run(["dpkg-deb", "-x", deb, out])
    return out / "usr/sbin/osconf2seed"


def commit_time():
    return int(run(["git", "-C", ROOT, "log", "-1", "--format=%ct", "HEAD"]).stdout)


# --- the man page -------------------------------------------------------------------------

def help_options(*command):
    """The options of the binary's own --help: those of its usage line, and the lines
    `  -x, --long ...` of its options list."""
    text = run([BINARY, *command, "--help"]).stdout
    usage = text.splitlines()[0]
    assert usage.startswith("usage: osconf2seed"), usage
    options = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage))
    for line in text.splitlines():
        match = re.match(r"  (-{1,2}[a-z][\w-]*)(?:, (--[a-z][\w-]*))?", line)
        if match:
            options.update(option for option in match.groups() if option)
    return options


def man_sections():
    sections, name = {}, None
    for line in MAN_PAGE.read_text().splitlines():
        if line.startswith(".Sh "):
            name = line[4:]
            sections[name] = []
        elif name:
            sections[name].append(line)
    return sections


def man_options(lines):
    """`Fl -format` is --format, `Fl h` is -h."""
    return {"-" + flag for line in lines for flag in re.findall(r"\bFl (-?[a-z][\w-]*)", line)}


def man_commands():
    """The COMMANDS list: each top-level `.It Cm NAME` and the lines up to the next one."""
    commands, depth, current = {}, 0, None
    for line in man_sections()["COMMANDS"]:
        if line.startswith(".Bl"):
            depth += 1
        elif line.startswith(".El"):
            depth -= 1
        elif depth == 1 and line.startswith(".It Cm "):
            current = line.split()[2]
            commands[current] = []
        if current and depth >= 1:
            commands[current].append(line)
    return commands


def test_man_page_lints_clean():
    # -W warning: the style level also reports each cross-referenced page (cloud-init(1),
    # netplan(5), ...) that this machine has not installed, which says nothing about the page.
    result = subprocess.run(["mandoc", "-Tlint", "-W", "warning", MAN_PAGE], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


def test_man_page_lists_every_command():
    text = run([BINARY, "--help"]).stdout
    listed = re.findall(r"^  ([a-z]+)  ", text.split("commands:")[1].split("options:")[0], re.M)
    assert listed == COMMANDS
    assert list(man_commands()) == COMMANDS
    synopsis = "\n".join(man_sections()["SYNOPSIS"])
    assert re.findall(r"^\.Cm ([a-z]+)$", synopsis, re.M) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_man_page_options_match_help(command):
    # -h/--help is in every command's help and documented once, under OPTIONS.
    from_help = help_options(command) - {"-h", "--help"}
    assert from_help, f"{command} --help lists no option"
    assert man_options(man_commands()[command]) == from_help
    synopsis = man_sections()["SYNOPSIS"]
    start = synopsis.index(f".Cm {command}")
    end = next((i for i in range(start + 1, len(synopsis)) if synopsis[i] == ".Nm"), len(synopsis))
    assert man_options(synopsis[start:end]) == from_help


def test_man_page_global_options_match_help():
    assert help_options() == {"-h", "--help", "--version"}
    assert man_options(man_sections()["OPTIONS"]) == help_options()


def test_man_page_lists_every_exit_code():
    # Every status a command defines: sysexits in ExitCode.swift, and command-specific ones
    # (check's 1) beside their command.
    sources = "".join(path.read_text() for path in sorted((ROOT / "Sources/OSConfKit/CLI").glob("*.swift")))
    codes = {int(code) for code in re.findall(r"ExitCode\((\d+)\)", sources)}
    documented = {int(line.split()[1]) for line in man_sections()["EXIT STATUS"] if re.match(r"\.It \d+$", line)}
    assert documented == codes


# --- the tarball and the checksums --------------------------------------------------------

def test_checksums_verify(dist):
    result = run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=dist)
    names = sorted(line.split(": ")[0] for line in result.stdout.splitlines())
    assert names == sorted(
        name for arch, (debian, _, _) in ARCHES.items()
        for name in [f"osconf2seed-{VERSION}-{arch}-linux.tar.gz", f"osconf2seed_{VERSION}_{debian}.deb",
                     f"osconf2seed-{VERSION}-1.{arch}.rpm"])


@pytest.mark.parametrize("arch", ARCHES)
def test_tarball_is_reproducible_in_form(dist, tmp_path, arch):
    name = f"osconf2seed-{VERSION}-{arch}-linux"
    path = dist / f"{name}.tar.gz"
    assert path.read_bytes()[4:8] == b"\0\0\0\0", "gzip header holds no time stamp"
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names == sorted(names)
        assert names == [name] + [f"{name}/{f}" for f in ["LICENSE", "README.md", "osconf2seed", "osconf2seed.8"]]
        assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
        assert {m.mtime for m in members} == {commit_time()}
        modes = {m.name.split("/")[-1]: m.mode for m in members if m.isfile()}
        assert modes == {"LICENSE": 0o644, "README.md": 0o644, "osconf2seed": 0o755, "osconf2seed.8": 0o644}
        tar.extractall(tmp_path)
    binary = tmp_path / name / "osconf2seed"
    assert (tmp_path / name / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert (tmp_path / name / "osconf2seed.8").read_bytes() == MAN_PAGE.read_bytes()
    version = run([*ARCHES[arch][2], binary, "--version"]).stdout
    assert re.fullmatch(rf"osconf2seed {re.escape(VERSION)} \(commit [0-9a-f]{{7}}(-dirty)?\)\n", version)
    assert "unknown" not in version
    # Stripped: no symbol table, no DWARF.
    sections = run(["readelf", "-S", "-W", binary]).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections
    assert re.search(rf"Machine:\s+{ARCHES[arch][1]}\n", run(["readelf", "-h", binary]).stdout)


# --- the Debian package -------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
def test_deb_layout(dist, arch):
    deb = dist / f"osconf2seed_{VERSION}_{ARCHES[arch][0]}.deb"
    listing = run(["dpkg-deb", "-c", deb]).stdout.splitlines()
    files = sorted(line.split()[-1].lstrip(".") for line in listing if not line.startswith("d"))
    assert files == [
        "/usr/sbin/osconf2seed",
        "/usr/share/doc/osconf2seed/README.md.gz",
        "/usr/share/doc/osconf2seed/changelog.gz",
        "/usr/share/doc/osconf2seed/copyright",
        "/usr/share/lintian/overrides/osconf2seed",
        "/usr/share/man/man8/osconf2seed.8.gz",
    ]
    assert all(" root/root " in line for line in listing)
    fields = run(["dpkg-deb", "-f", deb, "Package", "Version", "Architecture"]).stdout
    assert fields == f"Package: osconf2seed\nVersion: {VERSION}\nArchitecture: {ARCHES[arch][0]}\n"
    assert f" Architecture: {ARCHES[arch][0]}\n" in run(["dpkg-deb", "--info", deb]).stdout
    unpacked = Path(run(["mktemp", "-d"]).stdout.strip())
    run(["dpkg-deb", "-x", deb, unpacked])
    header = run(["readelf", "-h", unpacked / "usr/sbin/osconf2seed"]).stdout
    shutil.rmtree(unpacked)
    assert re.search(rf"Machine:\s+{ARCHES[arch][1]}\n", header)


@pytest.mark.parametrize("arch", ARCHES)
def test_deb_lintian_clean(dist, arch):
    deb = dist / f"osconf2seed_{VERSION}_{ARCHES[arch][0]}.deb"
    # Errors and warnings fail; the overrides in contrib/debian/lintian-overrides are each
    # justified there.
    result = subprocess.run(["lintian", "--fail-on", "error,warning", deb], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def add_chroot_programs(root):
    """A shell and the programs the maintainer scripts call, with the shared libraries they
    load, so that dpkg and rpm can run the scripts chrooted into the tree."""
    for program in CHROOT_PROGRAMS:
        libraries = re.findall(r"(/\S+) \(0x", run(["ldd", program]).stdout)
        for path in [program, *libraries]:
            target = root / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(os.path.realpath(path), target)
    if not os.path.lexists(root / "bin/sh"):  # debian_tree has a merged-/usr sh already
        os.symlink("dash", root / "bin/sh")


def dpkg_tree(tmp_path, chrooted):
    root = debian_tree(tmp_path, cloud_init=True)
    for sub in ["info", "updates", "triggers"]:
        (root / "var/lib/dpkg" / sub).mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text("")
    if chrooted:
        add_chroot_programs(root)
    return root


def dpkg(root, chrooted, *args):
    # Chrootless: dpkg runs the scripts here with DPKG_ROOT set to the tree; chrooted: dpkg
    # runs them inside the tree, where / is the tree (DPKG_ROOT empty), as in a chroot install.
    extra = [] if chrooted else ["--force-script-chrootless"]
    return run(["dpkg", f"--root={root}", *extra, *args])


def ours(root):
    """Every path below the tree but dpkg's database."""
    return [p for p in snapshot(root) if not p.startswith("var/lib/dpkg")]


INSTALLED = [
    "etc/cloud/cloud.cfg.d/99_osconf2seed.cfg",
    "etc/systemd/system/osconf2seed.service",
    "etc/systemd/system/sysinit.target.wants/osconf2seed.service",
    "var/lib/osconf2seed/installed",
]


@pytest.mark.parametrize("chrooted", [False, True], ids=["dpkg-root-chrootless", "dpkg-root-chrooted"])
def test_deb_install_upgrade_remove_purge(deb, packaged_binary, tmp_path, chrooted):
    root = dpkg_tree(tmp_path, chrooted)
    before = ours(root)

    # The previous version, built from the same binary with a lower version number.
    old = tmp_path / "old"
    run(["bash", ROOT / "contrib/debian/build-deb.sh", packaged_binary, "0.0.1", old])
    dpkg(root, chrooted, "-i", old / "osconf2seed_0.0.1_amd64.deb")
    for path in INSTALLED:
        assert os.path.lexists(root / path), path
    assert os.readlink(root / INSTALLED[2]) == "/etc/systemd/system/osconf2seed.service"
    # One binary, the packaged one: install put the same bytes at the same path.
    assert (root / "usr/sbin/osconf2seed").read_bytes() == packaged_binary.read_bytes()
    copies = [p for p in snapshot(root) if p.endswith("osconf2seed") and (root / p).is_file()
              and not p.startswith(("var/lib/dpkg", "usr/share"))]
    assert copies == ["usr/sbin/osconf2seed"]
    service = (root / INSTALLED[1]).read_text()
    assert "ExecStart=/usr/sbin/osconf2seed boot" in service

    # A boot's state; the upgrade keeps it and the job stays enabled.
    state = root / "var/lib/osconf2seed/state"
    state.write_text("digest 0123\n")
    state.chmod(0o600)
    dpkg(root, chrooted, "-i", deb)
    assert run(["dpkg-query", f"--root={root}", "-W", "-f=${Version}", "osconf2seed"]).stdout == VERSION
    assert state.read_text() == "digest 0123\n"
    for path in INSTALLED:
        assert os.path.lexists(root / path), path
    # dpkg's own check: every file of the package has the bytes dpkg unpacked.
    run(["dpkg", f"--root={root}", "--verify", "osconf2seed"])

    # Remove: nothing of the package or of install is left; the state stays until purge.
    dpkg(root, chrooted, "-r", "osconf2seed")
    assert ours(root) == sorted(before + ["var/lib/osconf2seed", "var/lib/osconf2seed/state"])
    dpkg(root, chrooted, "-P", "osconf2seed")
    assert ours(root) == before


def test_deb_second_build_is_identical(deb, packaged_binary, tmp_path):
    # The same binary packaged again (release.sh's SOURCE_DATE_EPOCH: the commit's time).
    run(["bash", ROOT / "contrib/debian/build-deb.sh", packaged_binary, VERSION, tmp_path],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(commit_time())})
    assert (tmp_path / deb.name).read_bytes() == deb.read_bytes()


# --- the RPM package ----------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
def test_rpm_layout_and_scripts(dist, arch):
    rpm_file = dist / f"osconf2seed-{VERSION}-1.{arch}.rpm"
    files = run(["rpm", "-qlp", rpm_file]).stdout.split()
    assert files == [
        "/usr/sbin/osconf2seed",
        "/usr/share/doc/osconf2seed",
        "/usr/share/doc/osconf2seed/README.md",
        "/usr/share/licenses/osconf2seed",
        "/usr/share/licenses/osconf2seed/LICENSE",
        "/usr/share/man/man8/osconf2seed.8.gz",
    ]
    info = run(["rpm", "-qp", "--queryformat", "%{NAME} %{VERSION} %{RELEASE} %{ARCH} %{LICENSE}", rpm_file]).stdout
    assert info == f"osconf2seed {VERSION} 1 {arch} Apache-2.0"
    scripts = run(["rpm", "-qp", "--scripts", rpm_file]).stdout
    assert "postinstall scriptlet" in scripts and "preuninstall scriptlet" in scripts
    assert "/usr/sbin/osconf2seed install --root / --binary /usr/sbin/osconf2seed" in scripts
    assert "/usr/sbin/osconf2seed uninstall --root /" in scripts
    assert "postuninstall" not in scripts, "rpm keeps the state: no purge in RPM"


def test_rpm_second_build_is_identical(rpm_file, packaged_binary, tmp_path):
    run(["bash", ROOT / "contrib/rpm/build-rpm.sh", packaged_binary, VERSION, tmp_path],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(commit_time())})
    assert (tmp_path / rpm_file.name).read_bytes() == rpm_file.read_bytes()


@pytest.mark.parametrize("arch", ARCHES)
def test_rpmlint_clean(dist, arch):
    rpm_file = dist / f"osconf2seed-{VERSION}-1.{arch}.rpm"
    # Each filtered finding is justified in contrib/rpm/rpmlint.toml.
    result = subprocess.run(["rpmlint", "-c", ROOT / "contrib/rpm/rpmlint.toml", rpm_file],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout, result.stdout


def rpm_tree(tmp_path):
    root = debian_tree(tmp_path, cloud_init=True)
    add_chroot_programs(root)
    run(["rpm", f"--root={root}", "--initdb"])
    return root


def rpm(root, *args):
    # --nodeps: the tree's rpm database is empty, it holds no /bin/sh package.
    return run(["rpm", f"--root={root}", "--nodeps", *args])


def test_rpm_install_erase(rpm_file, tmp_path):
    root = rpm_tree(tmp_path)
    before = [p for p in snapshot(root) if not p.startswith("var/lib/rpm")]
    rpm(root, "-i", rpm_file)
    for path in INSTALLED:
        assert os.path.lexists(root / path), path
    # A boot's state; an upgrade (here: the same package again) keeps it and the job.
    (root / "var/lib/osconf2seed/state").write_text("digest 0123\n")
    rpm(root, "-U", "--replacepkgs", rpm_file)
    assert (root / "var/lib/osconf2seed/state").read_text() == "digest 0123\n"
    for path in INSTALLED:
        assert os.path.lexists(root / path), path
    rpm(root, "-e", "osconf2seed")
    after = [p for p in snapshot(root) if not p.startswith("var/lib/rpm")]
    # Erase takes out the package and what install put in; the state stays (RPM has no purge).
    # rpm leaves the directories it created for the files (usr/sbin, usr/share/doc, ...): on a
    # real system another package owns them.
    assert [p for p in after if "osconf2seed" in p] == ["var/lib/osconf2seed", "var/lib/osconf2seed/state"]
    assert [p for p in after if not (root / p).is_dir() or (root / p).is_symlink()] == \
        [p for p in before if not (root / p).is_dir() or (root / p).is_symlink()] + ["var/lib/osconf2seed/state"]


@pytest.mark.parametrize("preset,enabled", [
    ("disable *\n", False),
    ("enable osconf2seed.service\ndisable *\n", True),
    ("disable osconf2*\n", False),
    ("enable other.service\n", True),
])
def test_rpm_first_install_follows_presets(rpm_file, tmp_path, preset, enabled):
    root = rpm_tree(tmp_path)
    (root / "usr/lib/systemd/system-preset").mkdir(parents=True)
    (root / "usr/lib/systemd/system-preset/90-test.preset").write_text(preset)
    rpm(root, "-i", rpm_file)
    link = root / "etc/systemd/system/sysinit.target.wants/osconf2seed.service"
    assert link.is_symlink() == enabled
    assert (root / "usr/sbin/osconf2seed").is_file()
