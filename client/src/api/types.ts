// The shapes the screens use, named from the types generated out of the server's OpenAPI
// document (api/schema.d.ts: `npm run api:types`; scripts/test-browser checks it is current).
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
/** The JSON body a path answers with a given status. */
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number = 200> =
  paths[P][M] extends { responses: { [K in S]: { content: { "application/json": infer T } } } } ? T : never;

export type Video = Schemas["VideoView"];
/** A video of a space with the reader's own study state of it. */
export type SpaceVideo = Schemas["SpaceVideoView"];
export type VideoSort = "newest" | "title" | "last_studied";
export type Recording = Schemas["Recording"];
export type VideoStatus = Video["status"];
export type Space = Schemas["SpaceView"];
export type UserSummary = Schemas["UserSummary"];
export type Participant = Schemas["ParticipantView"];
export type Me = Schemas["MeView"];
export type Individual = Schemas["IndividualVideoView"];
export type Version = Schemas["VersionMeta"];
export type Dashboard = Schemas["Dashboard"];
export type Playback = Schemas["Playback"];
export type Thumbnail = Schemas["Thumbnail"];
export type Snapshot = Schemas["SnapshotView"];
export type ExportRequest = Schemas["ExportRequest"];
export type UploadInstructions = Schemas["UploadInstructions"];
export type Invitation = Schemas["InvitationView"];
export type InviteLink = Schemas["InviteLinkView"];
export type CreatedInviteLink = Schemas["CreatedInviteLink"];
export type InviteLinkPreview = Schemas["InviteLinkPreview"];
export type SearchHit = Schemas["SearchHit"];
export type SpaceDetail = Answer<"/api/spaces/{id}", "get">;
export type CreatedVideo = Answer<"/api/spaces/{id}/videos", "post", 201>;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
