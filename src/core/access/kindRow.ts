/**
 * The shape of a row of the kind table (kinds.ts): where a kind's objects are listed, where their
 * permissions are read, its levels and actions. Apart from the table so that rows may live in files
 * of their own (kindsSqlMl.ts) without an import cycle.
 */

/** An action on a kind, the level it needs, and the words for it in a sentence. */
export interface KindAction {
  readonly name: string;
  /** The lowest permission level that allows the action. */
  readonly level: string;
  /** "attach to", "run": for "You cannot … it". */
  readonly verb: string;
  /** A cluster in dedicated (single-user) access mode refuses this action to everyone else, whatever the ACL says. */
  readonly dedicatedModeApplies?: boolean;
}

/**
 * How a list endpoint pages. `pageToken`: a `next_page_token` until the last page leaves it out
 * (clusters 2.1). `hasMore`: the same token, plus `has_more` that says whether another page follows (jobs 2.2).
 * `none`: one answer holds the whole list (serving endpoints, cluster policies, instance pools), so no size or token is sent.
 */
export type Paging = 'pageToken' | 'hasMore' | 'none';

export type KindList = {
  readonly path: string;
  /** The field of the answer that holds the page's objects. */
  readonly field: string;
  /**
   * Kinds listed per folder (notebooks, folders, Git folders): one folder's objects of every
   * type in one answer (`GET /api/2.0/workspace/list?path=`, no paging): the `object_type` of
   * this kind there. Such a kind has no list of the whole workspace (workspace/workspaceTree.ts).
   */
  readonly folderObjectType?: string;
} & (
  | {
      /** The parameter for the page size, and the size asked for. */
      readonly sizeParam: string;
      readonly pageSize: number;
      readonly paging: 'pageToken' | 'hasMore';
      /** `POST`: the size and the page token go in a JSON body, not the query (MLflow's experiments/search). Default GET. */
      readonly method?: 'GET' | 'POST';
    }
  | { readonly paging: 'none' }
);

/**
 * The permissions API names some objects by an id their list leaves out (a workspace registry model is
 * listed by name, its permissions are under its Databricks id): `GET path?param=<listed id>`, the id at `field`.
 */
export interface KindPermissionsId {
  readonly path: string;
  readonly param: string;
  readonly field: readonly string[];
}

/** How a text names an object of this kind by id (findReferences.ts). */
export interface KindReferences {
  /** The key, as a regular expression source without groups of its own: `job[_-]?id`. */
  readonly key: string;
  /** The id that follows the key, anchored at its start. */
  readonly id: RegExp;
  /** Ids are numbers: `123.5` after the key is a number, not an id. */
  readonly numeric: boolean;
  /** Call or command names that need another action than the kind's default. */
  readonly verbs: Readonly<Record<string, string>>;
}

export interface KindRow {
  /** The singular, as in `why cluster …` and the documents' `kind`. */
  readonly name: string;
  /** The plural, as in `ls clusters`. */
  readonly plural: string;
  readonly list: KindList;
  /** The id field of a listed object, and whether it is a string or a number. */
  readonly idField: string;
  readonly idType: 'string' | 'number';
  /** Where the display name sits in a listed object (a path: `settings.name`), and the name when it has none. */
  readonly nameField: readonly string[];
  readonly unnamed: (id: string) => string;
  /** Fields of a listed object the model weighs besides id and name (a cluster's access mode). */
  readonly details?: (raw: Readonly<Record<string, unknown>>) => Readonly<Record<string, string | undefined>>;
  /** `/api/2.0/permissions/<permissionsPath>/<id>` */
  readonly permissionsPath: string;
  /** Where the id for the permissions path is read, when it is not the listed id. */
  readonly permissionsId?: KindPermissionsId;
  /** The permission levels, lowest first. */
  readonly levels: readonly string[];
  /** The owner's level, above every other, when the kind has one owner (a job's IS_OWNER). */
  readonly ownerLevel?: string;
  readonly actions: readonly KindAction[];
  /** The action `why` and the explainer ask about when nothing says which. */
  readonly defaultAction: string;
  /** The codicon id of the kind, for views that show several kinds. */
  readonly icon: string;
  /** The tree expands an object of this kind to its recent runs. */
  readonly runs?: boolean;
  readonly references?: KindReferences;
}
