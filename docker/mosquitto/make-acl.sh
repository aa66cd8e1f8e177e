#!/bin/sh
# Prints Mosquitto's ACL for the given identities, one block each: the same rules as the embedded
# broker's MqttAccessPolicy (local-stack), which MosquittoAclTest checks this script against.
#   sensor:<site>              publish its site's telemetry
#   gateway:<gateway>:<site>   its site's telemetry (read and forward, also as site batches), its own
#                              status, anomalies, alarms and site alarms (write), its own desired state (read)
#   ingest-service             read telemetry, site batches, status, anomalies, alarms
#   deploy-service             read and write desired states; no one else writes them
# An identity of any other form gets no block, so it may use no topic.
set -eu
for identity in "$@"; do
  case "$identity" in
    sensor:*:*) ;;
    sensor:*)
      site=${identity#sensor:}
      printf 'user %s\ntopic write pumps/%s/+/telemetry\n\n' "$identity" "$site" ;;
    gateway:*:*:*) ;;
    gateway:*:*)
      rest=${identity#gateway:}
      gw=${rest%%:*}
      site=${rest#*:}
      printf 'user %s\ntopic readwrite pumps/%s/+/telemetry\ntopic write sites/%s/telemetry\ntopic write edge/%s/status\ntopic write edge/%s/anomalies\ntopic write edge/%s/alarms\ntopic read edge/%s/desired\ntopic write sites/%s/alarms\n\n' \
        "$identity" "$site" "$site" "$gw" "$gw" "$gw" "$gw" "$site" ;;
    ingest-service)
      printf 'user %s\ntopic read pumps/+/+/telemetry\ntopic read sites/+/telemetry\ntopic read edge/+/status\ntopic read edge/+/anomalies\ntopic read edge/+/alarms\n\n' "$identity" ;;
    deploy-service)
      printf 'user %s\ntopic readwrite edge/+/desired\n\n' "$identity" ;;
  esac
done
