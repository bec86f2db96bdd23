# The JSON API, data index and routing: no Beast here (fast to compile, tested in-process).
add_library(sna_server_api STATIC
  ${CMAKE_CURRENT_LIST_DIR}/analysis_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/analysis_index.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/area_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/area_shapes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/choropleth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/citations.cpp
  ${CMAKE_CURRENT_LIST_DIR}/confidence.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/embed_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/export_selection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data_index.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_views.cpp
  ${CMAKE_CURRENT_LIST_DIR}/map_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/point_directory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_handler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/query.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/responses.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tile_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tile_catalog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tile_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/value_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/version_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/version_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xlsx_export.cpp
)
target_link_libraries(sna_server_api
  PUBLIC sna_server_core sna_geo_tiles sna_geo_core sna_geo_store sna_geo_analysis sna_geo_render sna_geo_export nlohmann_json::nlohmann_json
  PRIVATE sna_warnings)
