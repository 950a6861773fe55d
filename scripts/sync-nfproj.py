#!/usr/bin/env python3
"""Rewrites the <Compile> lists of the .nfproj files from their source folders.

The desktop .csproj files compile their folders by glob; nanoFramework projects need every file listed.
Run this after adding or removing a portable source file; ProjectFilesTests fails until the lists match.
"""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sources(folder):
    found = []
    for d, dirs, files in os.walk(folder):
        dirs[:] = sorted(x for x in dirs if x not in ("bin", "obj"))
        found += [os.path.join(d, f) for f in sorted(files) if f.endswith(".cs")]
    return found


def rewrite(nfproj, folder, link_prefix=None, extra=()):
    """extra: more (folder, link_prefix) pairs compiled into the same project."""
    project_dir = os.path.dirname(nfproj)
    items = []
    for folder, link_prefix in ((folder, link_prefix),) + tuple(extra):
        items += compile_items(project_dir, folder, link_prefix)
    write_items(nfproj, items)


def compile_items(project_dir, folder, link_prefix):
    items = []
    for path in sources(folder):
        include = os.path.relpath(path, project_dir).replace("/", "\\")
        if link_prefix is None:
            items.append('    <Compile Include="%s" />' % include)
        else:
            link = link_prefix + os.path.relpath(path, folder).replace("/", "\\")
            items.append('    <Compile Include="%s">\n      <Link>%s</Link>\n    </Compile>' % (include, link))
    return items


def write_items(nfproj, items):
    text = open(nfproj, encoding="utf-8").read()
    pattern = re.compile(r"  <ItemGroup>\n(?:    <Compile Include=.*?\n)(?:.*\n)*?  </ItemGroup>\n")
    block = "  <ItemGroup>\n" + "\n".join(items) + "\n  </ItemGroup>\n"
    text, count = pattern.subn(lambda _: block, text, count=1)
    if count != 1:
        raise SystemExit("no Compile ItemGroup found in " + nfproj)
    open(nfproj, "w", encoding="utf-8").write(text)
    print("%s: %d files" % (os.path.relpath(nfproj, ROOT), len(items)))


for library in ("OpenAmi.Core", "OpenAmi.Commands", "OpenAmi.Meters"):
    rewrite(os.path.join(ROOT, "shared", library, library + ".nfproj"), os.path.join(ROOT, "shared", library))
# The portable tests run on nanoCLR in four test projects (one would pass the MetadataProcessor's 64 KB string table):
# each compiles its folder of tests/Portable and the shared TestData; the firmware's also its App layer.
for group in ("Core", "Gateway", "Meters", "Firmware"):
    extra = [(os.path.join(ROOT, "tests/Portable/TestData"), "Portable\\TestData\\")]
    if group == "Firmware":
        extra.append((os.path.join(ROOT, "firmware/OpenAmi.Firmware/App"), "FirmwareApp\\"))
    rewrite(os.path.join(ROOT, "tests/OpenAmi.NanoTests", group, "NFUnitTest.nfproj"), os.path.join(ROOT, "tests/Portable", group),
            "Portable\\" + group + "\\", extra)
rewrite(os.path.join(ROOT, "firmware/OpenAmi.Firmware/OpenAmi.Firmware.nfproj"), os.path.join(ROOT, "firmware/OpenAmi.Firmware"))
rewrite(os.path.join(ROOT, "firmware/OpenAmi.DeviceBench/OpenAmi.DeviceBench.nfproj"), os.path.join(ROOT, "firmware/OpenAmi.DeviceBench"))
