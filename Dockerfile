# snamap on Debian 12: builds with the same task-runner targets CI runs. Verified with podman
# from Debian's packages and a debian:12 base made by debootstrap: deploy/docker-verify.sh.
FROM debian:12 AS build
WORKDIR /src
COPY . .
# ccache (installed by `make deps`) keeps its objects in /ccache: mount a cache there to reuse
# them between builds (`podman build -v DIR:/ccache`, or BuildKit's RUN --mount=type=cache).
ENV CCACHE_DIR=/ccache CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=1
# Behind a TLS-intercepting proxy, npm needs the proxy's CA: mount it into the build and name it
# (`--build-arg NODE_EXTRA_CA_CERTS=/path/in/build`); deploy/docker-verify.sh does this.
ARG NODE_EXTRA_CA_CERTS=
RUN apt-get update -q && apt-get install -y -q --no-install-recommends make sudo && make deps \
 && make build BUILD=/src/build CMAKE_FLAGS=-DSNAMAP_BUILD_TESTS=OFF \
 && /src/build/snamap demo-data /srv/demo --areas 1500 --points 20000 --seed 1 \
 && /src/build/snamap build /srv/demo/manifest.json --sources /srv/demo -o /srv/snamap.sqlite

FROM debian:12
RUN apt-get update -q && apt-get install -y -q --no-install-recommends \
      libgdal32 libproj25 libspatialite7 libsqlite3-mod-spatialite libgeos-c1v5 libcairo2 \
      libxlsxwriter4 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/* && useradd --system --create-home snamap
COPY --from=build /src/build/snamap /usr/local/bin/snamap
COPY --from=build /src/web /srv/web
COPY --from=build --chown=snamap /srv/snamap.sqlite /srv/snamap.sqlite
USER snamap
EXPOSE 8080
# Mount a real database over /srv/snamap.sqlite (built with `snamap build data/westmids.json ...`).
# Add `--public-url https://your.host` (the address users reach): absolute URLs (TileJSON, oEmbed)
# start with it; without it they name http://localhost:8080.
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/health || exit 1
CMD ["snamap", "serve", "/srv/snamap.sqlite", "--host", "0.0.0.0", "--port", "8080", "--web", "/srv/web"]
