"""Type-checked (mypy --strict), never run: pins the recordings lists' filter arguments."""

from __future__ import annotations

import videosdk_async as vs


async def usage(sdk: vs.AsyncVideoSDK) -> None:
    rooms: vs.AsyncPager[vs.Recording] = sdk.recordings.list(query="team-a", room_id=None)
    mine: vs.AsyncPager[vs.Recording] = sdk.recordings.participant.list(participant_id="p")
    tracks: vs.AsyncPager[vs.Recording] = sdk.recordings.track.list(participant_id="p", page=1)
    merges: vs.AsyncPager[vs.Recording] = sdk.recordings.merge.list(merge_id="m", status="done")
    page: vs.Page[vs.Recording] = await merges
    sessions: vs.AsyncPager[vs.Session] = sdk.sessions.list(query="team-a")
    streams: vs.AsyncPager[vs.HlsStream] = sdk.hls.list(query="team-a")
    lives: vs.AsyncPager[vs.Livestream] = sdk.livestreams.list(query="team-a")
    del rooms, mine, tracks, page, sessions, streams, lives
