#!/usr/bin/env python3
"""Sums up a JFR recording's CPU samples (jdk.ExecutionSample) for bench/README.md.

Usage: bench/profile.py recording.jfr [top]

Prints the number of samples; per layer, its self share (a sample counts for the layer of the
topmost frame that belongs to one, so JDK code counts for its caller and the shares add up to
100 %) and its inclusive share (a sample counts for every layer on its stack); the top methods by self time, and the top Scholion methods by inclusive time. Reads the
recording with the JDK's own `jfr print`.
"""
import collections, re, subprocess, sys

# first match wins, in this order, on the frame's class name
LAYERS = [
    ("Scholion", "org.scholion."),
    ("Hibernate", "org.hibernate."),
    ("PostgreSQL JDBC", "org.postgresql."),
    ("Agroal pool", "io.agroal."),
    ("Narayana (transactions)", "com.arjuna."),
    ("Narayana (transactions)", "io.quarkus.narayana."),
    ("OIDC", "io.quarkus.oidc."),
    ("JWT (jose4j, smallrye-jwt)", "org.jose4j."),
    ("JWT (jose4j, smallrye-jwt)", "io.smallrye.jwt."),
    ("Quarkus security", "io.quarkus.security."),
    ("Quarkus security", "io.quarkus.vertx.http.runtime.security."),
    ("RESTEasy Reactive", "org.jboss.resteasy."),
    ("RESTEasy Reactive", "io.quarkus.resteasy."),
    ("Jackson", "com.fasterxml.jackson."),
    ("Arc (CDI)", "io.quarkus.arc."),
    ("Vert.x / Netty", "io.vertx."),
    ("Vert.x / Netty", "io.netty."),
    ("Caffeine", "com.github.benmanes."),
    ("crypto (JCA)", "sun.security."),
    ("crypto (JCA)", "com.sun.crypto."),
    ("crypto (JCA)", "javax.crypto."),
    ("JDK BigInteger", "java.math."),
]


def layer(frame):
    for name, prefix in LAYERS:
        if frame.startswith(prefix):
            return name
    return None


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", path],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("jdk.ExecutionSample {")[1:]:
        m = re.search(r"stackTrace = \[\n(.*?)\n\s*\]", block, re.S)
        if not m:
            continue
        frames = []
        for line in m.group(1).splitlines():
            line = line.strip()
            if not line or line == "...":
                continue
            frames.append(re.sub(r"\s+line:.*$", "", line))
        if frames:
            yield frames


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    n = 0
    layers = collections.Counter()
    owners = collections.Counter()
    selfs = collections.Counter()
    ours = collections.Counter()
    for frames in samples(path):
        n += 1
        selfs[frames[0]] += 1
        layers.update({l for l in (layer(f) for f in frames) if l})
        owners[next((l for l in (layer(f) for f in frames) if l), "other (JDK, threads)")] += 1
        ours.update({f for f in frames if f.startswith("org.scholion.")})
    print(f"{n} CPU samples")
    if not n:
        return
    print("\nlayer | self (the nearest layer on the stack: adds up to 100 %) | inclusive (anywhere on the stack)\n---|---:|---:")
    for name, c in owners.most_common():
        print(f"{name} | {c / n:.0%} | {layers[name] / n:.0%}")
    print(f"\ntop {top} methods by self samples\n---")
    for f, c in selfs.most_common(top):
        print(f"{c / n:5.1%}  {f}")
    print(f"\ntop {top} Scholion methods (inclusive)\n---")
    for f, c in ours.most_common(top):
        print(f"{c / n:5.1%}  {f}")


if __name__ == "__main__":
    main()
