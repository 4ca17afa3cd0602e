# The Community Pulse collector image: a Java 17 runtime, the collector jar and its libraries
# (Vert.x, kafka-clients, the schemas; no Flink, no job). One process per container, stateless:
# run as many as the load needs behind a load balancer (docs/operations.md, "The collector").
#
# Build from the repository root, after the collector is packaged:
#   ./mvnw -pl collector -am package -DskipTests
#   docker build -f infra/docker/collector.Dockerfile -t community-pulse-collector:0.1.0 .
#
# The base is pinned to an exact release, like every image of the project (DeploymentManifestsTest
# and CollectorManifestsTest check it).
FROM eclipse-temurin:17.0.16_8-jre

LABEL org.opencontainers.image.title="community-pulse-collector" \
      org.opencontainers.image.description="Community Pulse HTTP collector: events from sites and browsers into Kafka" \
      org.opencontainers.image.licenses="Apache-2.0"

COPY collector/target/lib/ /opt/pulse-collector/lib/
COPY collector/target/pulse-collector.jar /opt/pulse-collector/pulse-collector.jar

# Not root: the collector needs no privilege, and 8090 is not a privileged port.
USER 10001:10001
EXPOSE 8090

# Settings come from PULSE_* variables (docs/configuration.md, "Collector"); the heap follows
# the container's memory limit. G1 (the JVM's default): its short pauses keep the p99 of the
# answers low (docs/benchmarks.md, "Collector"); ParallelGC's reached 100 ms and more.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", \
            "-Dlog4j.configurationFile=collector-log4j2.properties", \
            "-cp", "/opt/pulse-collector/pulse-collector.jar:/opt/pulse-collector/lib/*", \
            "io.communitypulse.collector.CollectorCommand"]
