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
ENV Urls=http://+:15672 \
    ConnectionStrings__Broker="Data Source=/data/mqapi.db" \
    DOTNET_gcServer=0
EXPOSE 15672
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["dotnet", "MqApi.dll", "--probe-ready", "http://127.0.0.1:15672/health/ready"]
ENTRYPOINT ["dotnet", "MqApi.dll"]
