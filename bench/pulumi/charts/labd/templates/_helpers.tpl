{{/* The labels of every object: those the labd app gives its objects. */}}
{{- define "labd.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/managed-by: labctl
app.kubernetes.io/version: {{ .Chart.Version | quote }}
{{- end }}

{{/* The labels that select the release's pods. */}}
{{- define "labd.selector" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The metadata of an object named NAME: .root is the chart's context. */}}
{{- define "labd.metadata" -}}
name: {{ .name }}
namespace: {{ .root.Release.Namespace }}
labels:
  {{- include "labd.labels" .root | nindent 2 }}
{{- if .root.Values.skipAwait }}
annotations:
  pulumi.com/skipAwait: "true"
{{- end }}
{{- end }}

{{/* The port, checked as the app's schema does. */}}
{{- define "labd.port" -}}
{{- $port := int .Values.port -}}
{{- if or (lt $port 1) (gt $port 65535) -}}
{{- fail (printf "port %d is out of range: use 1 to 65535" $port) -}}
{{- end -}}
{{- $port -}}
{{- end }}
