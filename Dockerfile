# Build stage: compile and package target/taskbus.jar with Maven.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package

# Run stage: a JRE, the jar, the commented defaults, and folders for data and plugins.
FROM eclipse-temurin:17-jre
WORKDIR /opt/taskbus
COPY --from=build /src/target/taskbus.jar taskbus.jar
COPY conf conf
RUN mkdir -p data plugins
VOLUME ["/opt/taskbus/data", "/opt/taskbus/plugins"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/taskbus/taskbus.jar"]
# Bind to all interfaces inside the container; publish the port with -p 8080:8080.
CMD ["up", "--host", "0.0.0.0"]
