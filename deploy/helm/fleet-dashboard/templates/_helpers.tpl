{{/* Names and labels shared by every template. */}}
{{- define "fleet-dashboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet-dashboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fleet-dashboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet-dashboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fleet-dashboard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "fleet-dashboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fleet-dashboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fleet-dashboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "fleet-dashboard.cookieSecretName" -}}
{{- default (printf "%s-cookie-key" (include "fleet-dashboard.fullname" .)) .Values.cookieKey.existingSecret }}
{{- end }}

{{/* Session cookie marked Secure: the value when set, otherwise whether the ingress has TLS. */}}
{{- define "fleet-dashboard.cookieSecure" -}}
{{- if kindIs "bool" .Values.server.cookieSecure }}
{{- .Values.server.cookieSecure }}
{{- else }}
{{- and .Values.ingress.enabled (gt (len .Values.ingress.tls) 0) }}
{{- end }}
{{- end }}

{{/* Trusted proxy hops: the value when set, otherwise 1 behind the chart's ingress, else 0. */}}
{{- define "fleet-dashboard.trustProxy" -}}
{{- if kindIs "invalid" .Values.server.trustProxy }}
{{- if .Values.ingress.enabled }}1{{ else }}0{{ end }}
{{- else }}
{{- .Values.server.trustProxy }}
{{- end }}
{{- end }}
