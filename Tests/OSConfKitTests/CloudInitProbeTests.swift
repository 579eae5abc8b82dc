import OSConfKit
import Testing

@Suite("cloud-init version probe")
struct CloudInitProbeTests {
    private func probe(_ root: TemporaryRoot) throws -> CloudInitProbe.Installation? {
        CloudInitProbe(tree: try root.tree()).probe()
    }

    @Test(
        "every version.py form in every package layout",
        arguments: FakeImage.VersionFileForm.allCases, FakeImage.CloudInitLayout.allCases)
    func versionFile(form: FakeImage.VersionFileForm, layout: FakeImage.CloudInitLayout) throws {
        for version in ["0.7.5", "17.1", "22.4.2"] {
            let root = try TemporaryRoot()
            FakeImage.cloudInit(root, version: version, layout: layout, form: form)
            #expect(try probe(root)?.version == CloudInitVersion(version), "\(form) \(layout) \(version)")
        }
    }

    @Test("the package layout alone (no /usr/bin/cloud-init) is an installation")
    func layoutWithoutCommand() throws {
        let root = try TemporaryRoot()
        root.write(
            "usr/lib/python2.7/site-packages/cloudinit/version.py",
            FakeImage.VersionFileForm.strictVersion.text("0.7.5"))
        #expect(try probe(root)?.version == CloudInitVersion(0, 7, 5))
    }

    @Test(
        "package metadata answers when version.py does not",
        arguments: [
            ("usr/lib/python2.7/site-packages/cloud_init-0.7.5-py2.7.egg-info/PKG-INFO", "0.7.5"),
            ("usr/lib/python3/dist-packages/cloud_init-20.4.1.egg-info/PKG-INFO", "20.4.1"),
            ("usr/lib/python3.9/site-packages/cloud_init-23.4.dist-info/METADATA", "23.4"),
        ])
    func packageInfo(path: String, version: String) throws {
        let root = try TemporaryRoot()
        let packages = path.split(separator: "/").dropLast(2).joined(separator: "/")
        root.write("\(packages)/cloudinit/version.py", "from cloudinit import packaging\n")
        root.write(path, "Metadata-Version: 1.1\nName: cloud-init\nVersion: \(version)\nSummary: x\n")
        #expect(try probe(root)?.version == CloudInitVersion(version))
    }

    @Test("lines that only look like a version are not taken")
    func notVersions() {
        #expect(CloudInitProbe.version(fromModule: "# __VERSION__ = \"1.2\"\n") == nil)
        #expect(CloudInitProbe.version(fromModule: "def f():\n    return __VERSION__\n") == nil)
        #expect(CloudInitProbe.version(fromModule: "__VERSION__ = \"1.2\" + x\n") == nil)
        #expect(CloudInitProbe.version(fromModule: "x = StrictVersion(y)\n") == nil)
        #expect(CloudInitProbe.version(fromModule: "    return 'abc'\n") == nil)
    }

    @Test("dpkg's status file when version.py says nothing; none at all: an unknown version")
    func dpkgAndUnknown() throws {
        let root = try TemporaryRoot()
        root.write("usr/bin/cloud-init", "", mode: 0o755)
        #expect(try probe(root) == CloudInitProbe.Installation(version: nil))
        root.write(
            "var/lib/dpkg/status", "Package: cloud-init\nStatus: install ok installed\nVersion: 1:0.7.6~bzr976-2\n")
        #expect(try probe(root)?.version == CloudInitVersion(0, 7, 6))
        #expect(try probe(TemporaryRoot()) == nil)
    }
}
