-- Full-text search documents, computed by the database as rows are written (stored generated
-- columns, see the next migration), so no reindex job exists to forget. `simple` configuration:
-- no stemming or stop words, so names, addresses and any language match as typed.
--
-- SQL-standard bodies (RETURN) are parsed once, here: what they call is bound now, whatever the
-- search_path of a later session. They call only immutable functions (`||` on text, not concat_ws),
-- as a generated column needs.

-- The readable text of an HTML-only email, for the index only: style and script bodies and tags
-- dropped, the entities mail programs use most decoded, any other entity a space.
CREATE FUNCTION search_text_of_html(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN regexp_replace(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(
    regexp_replace(
      regexp_replace(left(html, 400000), '<(style|script)\M[^>]*>[^<]*', ' ', 'gi'),
      '<[^>]*>', ' ', 'g'),
    '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&apos;', ''''),
    '&auml;', 'ä'), '&ouml;', 'ö'), '&uuml;', 'ü'), '&Auml;', 'Ä'), '&Ouml;', 'Ö'), '&Uuml;', 'Ü'),
    '&szlig;', 'ß'), '&eacute;', 'é'), '&egrave;', 'è'), '&agrave;', 'à'), '&amp;', '&'),
  '&(#x?[0-9a-fA-F]+|[a-zA-Z]+);', ' ', 'g');
--> statement-breakpoint

-- The body text an email is found by: its text part, else the text of its HTML. Capped so that no
-- email, however large, passes tsvector's 1 MB limit (100,000 characters stay well below it).
-- Angle brackets become spaces: the text parser reads <tag> as markup, and after a literal
-- "<style>" in a plain-text mail it would skip every word to the end.
CREATE FUNCTION search_body_text(body_text text, body_html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN translate(left(CASE WHEN body_text <> '' THEN body_text ELSE search_text_of_html(body_html) END, 100000), '<>', '  ');
--> statement-breakpoint

-- A message's document: subject (weight B), the people on it (C), the body (D). Mail the service
-- sent itself (acknowledgements: outbound, filed by no webhook delivery) has none: its words are
-- the same in every thread and would make every search match them all.
CREATE FUNCTION message_search_document(
  subject text, from_name text, from_email text, recipients_to jsonb, recipients_cc jsonb,
  body_text text, body_html text, automatic boolean
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN automatic THEN ''::tsvector ELSE
  setweight(to_tsvector('simple', translate(left(subject, 1000), '<>', '  ')), 'B')
  || setweight(to_tsvector('simple', left(from_name || ' ' || from_email || ' '
       || jsonb_path_query_array(recipients_to, '$[*].*')::text || ' '
       || jsonb_path_query_array(recipients_cc, '$[*].*')::text, 10000)), 'C')
  || to_tsvector('simple', search_body_text(body_text, body_html))
END;
--> statement-breakpoint

-- A thread's own document: its ref and subject (weight A), its client's name, address and the
-- address's domain (B), so `THD-42`, `ada@acme.com` and `acme.com` all find it.
CREATE FUNCTION thread_search_document(number integer, subject text, client_name text, client_email text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector('simple', 'THD-' || number::text || ' ' || translate(left(subject, 1000), '<>', '  ')), 'A')
  || setweight(to_tsvector('simple',
       client_name || ' ' || client_email || ' ' || split_part(client_email, '@', 2)), 'B');
