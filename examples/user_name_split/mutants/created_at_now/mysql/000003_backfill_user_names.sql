--liquibase formatted sql
--changeset accounts:users-002
--comment: Split full_name at the first space after trimming: first word -> first_name, the rest -> last_name
-- Deterministic rule, NULL (not '') when a part is missing; NOT EXISTS per user so a re-run completes a
-- half-done backfill and never duplicates.
INSERT INTO user_names (user_id, org_id, first_name, last_name, split_rule, created_at)
SELECT u.id, u.org_id,
       NULLIF(SUBSTRING_INDEX(TRIM(u.full_name), ' ', 1), ''),
       NULLIF(TRIM(SUBSTRING(TRIM(u.full_name), CHAR_LENGTH(SUBSTRING_INDEX(TRIM(u.full_name), ' ', 1)) + 2)), ''),
       'first-space-v1', NOW(6)
FROM users u
WHERE NOT EXISTS (SELECT 1 FROM user_names n WHERE n.user_id = u.id);
--rollback DELETE FROM user_names WHERE split_rule = 'first-space-v1';
