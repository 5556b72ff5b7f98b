// A space: its header (name, people, description), uploads, its videos (every one, sorted,
// live status through the query cache), participants and the recording import (Webex, Zoom). When the space
// is deleted or the reader removed from it while open, they are told why and sent to their
// spaces.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import { get } from "../../api/http";
import { keys, onLibraryEvent, queryClient } from "../../api/query";
import type { Me, SpaceDetail } from "../../api/types";
import { ErrorNote } from "../../ui/ErrorNote";
import { Loading } from "../../ui/Loading";
import { toast } from "../../ui/toast";
import { useTitle } from "../../ui/useTitle";
import { Participants } from "./Participants";
import { SpaceHeader } from "./SpaceHeader";
import { Uploads } from "./Uploads";
import { VideoList } from "./VideoList";
import { RecordingImport } from "./RecordingImport";

export default function SpaceScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: keys.space(id), queryFn: () => get<SpaceDetail>(`/api/spaces/${id}`) });
  useTitle(query.data?.name ?? t("spaces.title"));
  const name = query.data?.name;

  useEffect(() => onLibraryEvent((event, data) => {
    if (data.space_id !== id) return;
    const removedMe = event === "participant_removed" && (data.user_id === me.id || data.email === me.email);
    if (event === "space_deleted" || removedMe) {
      toast(event === "space_deleted" ? t("space.deletedByHost", { name }) : t("space.removedYou", { name }), "error");
      queryClient.removeQueries({ queryKey: keys.space(id) });
      queryClient.removeQueries({ queryKey: keys.spaceVideos(id) });
      navigate("/spaces");
    }
  }), [id, me.id, me.email, name, navigate, t]);

  if (query.error) return <ErrorNote message={errorMessage(query.error, t)} />;
  if (!query.data) return <Loading />;
  const space = query.data;
  const isHost = space.role === "host";
  return (
    <section className="screen space">
      <SpaceHeader space={space} isHost={isHost} />
      <div className="space-layout">
        <div className="space-main">
          <Uploads spaceId={id} />
          <VideoList spaceId={id} isHost={isHost} me={me} />
          <RecordingImport spaceId={id} />
        </div>
        <aside className="space-side">
          <Participants space={space} isHost={isHost} me={me} />
        </aside>
      </div>
    </section>
  );
}
