-- The single schema history created tables for Kubernetes clusters, Pulumi runs and applications that
-- no bundle used (they were always empty). The bundles that bring those capabilities create their own.
DROP TABLE IF EXISTS app_releases, apps, pulumi_runs, clusters;
