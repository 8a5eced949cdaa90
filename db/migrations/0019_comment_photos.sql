CREATE TABLE "comment_photos" (
	"comment_id" integer PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"hash" text NOT NULL,
	"image" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "photo" jsonb;--> statement-breakpoint
ALTER TABLE "comment_photos" ADD CONSTRAINT "comment_photos_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_photos_hash_idx" ON "comment_photos" USING btree ("cohort_id","hash");