# One image per PumpOps service, built from this repository:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=ingest-service \
#     --build-arg MAIN_CLASS=io.pumpops.ingest.Application -t pumpops/ingest-service .
# docker-compose.yml builds every service this way.
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -pl "${MODULE}" -am package \
 && ./mvnw -q -B -pl "${MODULE}" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp -r "${MODULE}/target/classes" /out/classes

FROM eclipse-temurin:17-jre
ARG MAIN_CLASS
# curl for the health checks compose runs.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home pumpops
COPY --from=build /out /app
WORKDIR /var/lib/pumpops
RUN chown pumpops /var/lib/pumpops
USER pumpops
ENV MAIN_CLASS=${MAIN_CLASS}
# A short class path (classes and lib/*): ONNX Runtime crashes on command lines longer than about 4 KB.
CMD ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -cp '/app/classes:/app/lib/*' \"$MAIN_CLASS\""]
