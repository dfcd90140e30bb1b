-- The two search documents that stored generated columns compute, as PL/pgSQL: the same
-- expressions, so every document already stored stays what these compute.
--
-- Postgres prepares a table's generation expressions afresh for every statement that writes the
-- table. A SQL function in one is inlined each time: its body (and the bodies of the functions it
-- calls, search_text_of_html's long chain of replaces included) read back from the catalog and
-- planned again, for every email filed. A PL/pgSQL function is compiled once per connection and
-- its expression planned once, so a filing no longer pays for it. A pgbench of single-row inserts
-- into a table whose generated column called a shortened message document (subject and body)
-- went from 5,380-5,420 rows/s to 7,310-7,830 with the function rewritten so.
--
-- A PL/pgSQL body is resolved when first run, not when created: what it calls of ours is named
-- with its schema, and built-in functions and operators are found in pg_catalog first.

CREATE OR REPLACE FUNCTION message_search_document(
  subject text, from_name text, from_email text, recipients_to jsonb, recipients_cc jsonb,
  body_text text, body_html text, automatic boolean
) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN CASE WHEN automatic THEN ''::tsvector ELSE
    setweight(to_tsvector('simple', translate(left(subject, 1000), '<>', '  ')), 'B')
    || setweight(to_tsvector('simple', left(from_name || ' ' || from_email || ' '
         || jsonb_path_query_array(recipients_to, '$[*].*')::text || ' '
         || jsonb_path_query_array(recipients_cc, '$[*].*')::text, 10000)), 'C')
    || to_tsvector('simple', public.search_body_text(body_text, body_html))
  END;
END;
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION thread_search_document(number integer, subject text, client_name text, client_email text)
RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN setweight(to_tsvector('simple', 'THD-' || number::text || ' ' || translate(left(subject, 1000), '<>', '  ')), 'A')
    || setweight(to_tsvector('simple',
         client_name || ' ' || client_email || ' ' || split_part(client_email, '@', 2)), 'B');
END;
$$;
