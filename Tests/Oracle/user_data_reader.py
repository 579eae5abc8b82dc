"""What a cloud-init release makes of a seed's user-data: its own user-data processing
(cloudinit/user_data.py UserDataProcessor) splits and types the parts, and its cloud-config
handler (cloudinit/handlers/cloud_config.py) merges the cloud-config parts in order, as at
boot. Prints one JSON line: the parts as [type, text] and the merged cloud-config.

usage: user_data_reader.py USER_DATA WORK_DIR   (run with the release's tree on PYTHONPATH)
"""
import json
import sys

from cloudinit import helpers
from cloudinit import user_data as ud
from cloudinit.handlers.cloud_config import CloudConfigPartHandler


def read(path, work_dir):
    """The parts as [type, text] and the merged cloud-config, as a dict."""
    paths = helpers.Paths({"cloud_dir": work_dir})
    with open(path, "rb") as handle:
        message = ud.UserDataProcessor(paths).process(handle.read())
    parts = []
    handler = CloudConfigPartHandler(paths)
    handler.handle_part(None, "__begin__", None, None, None, None)
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        ctype = part.get_content_type()
        text = part.get_payload(decode=True).decode("utf-8")
        parts.append([ctype, text])
        if ctype == "text/cloud-config":
            handler.handle_part(None, ctype, part.get_filename() or "part", text, None, dict(part.items()))
    return {"parts": parts, "cloud_config": handler.cloud_buf}


if __name__ == "__main__":
    print(json.dumps(read(sys.argv[1], sys.argv[2])))
