# MqApi: one process, one container. Build:  docker build -t mqapi .
# Run:  docker run -p 15672:15672 -v mqapi-data:/data -e Broker__DefaultUser=admin -e Broker__DefaultPassword=change-me mqapi

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while only code changes.
COPY Directory.Build.props appsettings.json ./
COPY src/MqApi/MqApi.csproj src/MqApi/
# _IsPublishing, as dotnet publish sets it, so the restore is for the ReadyToRun publish (see MqApi.csproj).
RUN dotnet restore src/MqApi/MqApi.csproj -p:_IsPublishing=true
COPY src/MqApi/ src/MqApi/
RUN dotnet publish src/MqApi/MqApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The database lives on a volume owned by the image's non-root user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
# Urls overrides appsettings.json's localhost-only address; the base image's HTTP port 8080 is
# cleared, so nothing else is bound and ASP.NET Core does not warn about the override.
# Logs are JSON lines on stdout, one object per entry, with scopes (request and connection ids).
# The first user comes from Broker__DefaultUser / Broker__DefaultPassword at `docker run` (-e):
# without them it is guest/guest, which may connect from loopback only, i.e. not from outside.
# DOTNET_GCgen0size: a 32 MiB gen0 budget. The runtime sizes it from the CPU cache, and on virtual
# machines that hide the cache it falls back to about 2 MiB: a busy broker then collects dozens of
# times a second (docs/benchmarks.md). Only the environment can set it; tools/ServerHarness sets the same.
ENV Urls=http://+:15672 \
    ASPNETCORE_HTTP_PORTS= \
    ConnectionStrings__Broker="Data Source=/data/mqapi.db" \
    Logging__Console__FormatterName=json \
    Logging__Console__FormatterOptions__IncludeScopes=true \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ" \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x2000000
EXPOSE 15672
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["dotnet", "MqApi.dll", "--probe-ready", "http://127.0.0.1:15672/health/ready"]
ENTRYPOINT ["dotnet", "MqApi.dll"]
