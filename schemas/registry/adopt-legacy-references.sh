#!/usr/bin/env bash
# Makes records written before the serdes registered whole schemas in the default group readable
# through the registry's Confluent-compatible API.
#
# Those records carry content ids whose schemas reference the shared types (NotificationMeta,
# Channel, Priority, DeliveryState, Content) by subject, e.g. io.notify.schemas.NotificationMeta
# version 1, but the types were registered in the group io.notify.schemas, which ccompat does not
# see. This copies every version of those types, same artifact id and version number, into the
# default group, so each reference resolves. Idempotent: versions already copied are left alone.
#
# Usage: adopt-legacy-references.sh http://registry:8080      (needs curl and jq)
set -euo pipefail

registry=${1:?"usage: $0 REGISTRY_BASE_URL (e.g. http://127.0.0.1:8081)"}
api="${registry%/}/apis/registry/v3"
legacy_group=io.notify.schemas

get() { curl -fsS "$api/$1"; }
exists() { curl -fs -o /dev/null "$api/$1"; }
post() { curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- "$api/$1"; }

# The old serdes named a top-level record by its simple name and a referenced type by its full name.
for artifact in $(get "groups/$legacy_group/artifacts?limit=1000" | jq -r '.artifacts[].artifactId | select(contains("."))'); do
  for version in $(get "groups/$legacy_group/artifacts/$artifact/versions?limit=1000" | jq -r '.versions | sort_by(.globalId) | .[].version'); do
    if exists "groups/default/artifacts/$artifact/versions/$version"; then
      echo "$artifact version $version: already in the default group"
      continue
    fi
    content=$(get "groups/$legacy_group/artifacts/$artifact/versions/$version/content")
    references=$(get "groups/$legacy_group/artifacts/$artifact/versions/$version/references" | jq '[.[] | .groupId = null]')
    body=$(jq -n --arg version "$version" --arg content "$content" --argjson references "$references" \
      '{version: $version, content: {content: $content, contentType: "application/json", references: $references}}')
    if exists "groups/default/artifacts/$artifact"; then
      echo "$body" | post "groups/default/artifacts/$artifact/versions"
    else
      jq -n --arg id "$artifact" --argjson first "$body" '{artifactId: $id, artifactType: "AVRO", firstVersion: $first}' \
        | post "groups/default/artifacts"
    fi
    echo "$artifact version $version: copied to the default group"
  done
done
