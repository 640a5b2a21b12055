import { inject } from "vitest";
import { newPostgresDatabase } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test run's PostgreSQL server (test/global-setup.ts), its `postgres` database. */
    postgresUrl: string;
  }
}

/** A new empty database on the run's PostgreSQL server (started once by test/global-setup.ts). */
export const testPostgresDatabase = (): Promise<string> => newPostgresDatabase(inject("postgresUrl"));
