import PTRHTTP

try await ServiceApplication.main(.api, build: buildApplication)
