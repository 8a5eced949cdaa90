ALTER TABLE "cohorts" ADD COLUMN "name" text;--> statement-breakpoint
UPDATE "cohorts" SET "name" = "slug";--> statement-breakpoint
ALTER TABLE "cohorts" ALTER COLUMN "name" SET NOT NULL;
