-- Keycloak keeps its own store in the same PostgreSQL server, as in the local stack (./mvnw -Prun).
CREATE ROLE keycloak LOGIN PASSWORD 'keycloak';
CREATE DATABASE keycloak OWNER keycloak ENCODING 'UTF8';
